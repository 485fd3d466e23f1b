package io.hayate.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

/**
 * One field line of a head or trailer section (RFC 9112 §5), {@code name ":" OWS value OWS}, checked byte by byte
 * and added to a {@link Headers}. Shared by both parsers; each names the faults its own way ({@link Faults}).
 */
final class FieldLine {
    private FieldLine() {}

    /**
     * Parses {@code a[s, e)}, a line without its terminator, into {@code headers}.
     *
     * @throws RuntimeException the parser's exception for what is wrong with the line
     */
    static void parse(byte[] a, int s, int e, Headers headers, Faults faults) {
        if (a[s] == ' ' || a[s] == '\t') {
            throw faults.of(Faults.Fault.OBS_FOLD, null);
        }
        int i = s;
        while (i < e && Chars.isTchar(a[i])) {
            i++;
        }
        int nameEnd = i;
        if (i < e && (a[i] == ' ' || a[i] == '\t') && i > s) {
            faults.raise(Faults.Fault.WHITESPACE_BEFORE_COLON, text(a, s, nameEnd));
            while (i < e && (a[i] == ' ' || a[i] == '\t')) {
                i++;
            }
        }
        if (i == s || i == e || a[i] != ':') {
            String detail = i == s ? "empty or invalid name" : "'" + text(a, s, Math.min(e, s + 40)) + "'";
            throw faults.of(i < e && a[i] == '\r' ? Faults.Fault.BARE_CR : Faults.Fault.INVALID_FIELD_NAME, detail);
        }
        i++;
        while (i < e && (a[i] == ' ' || a[i] == '\t')) {
            i++;
        }
        int ve = e;
        while (ve > i && (a[ve - 1] == ' ' || a[ve - 1] == '\t')) {
            ve--;
        }
        for (int k = i; k < ve; k++) {
            if (!Chars.isFieldValue(a[k])) {
                throw faults.of(a[k] == '\r' ? Faults.Fault.BARE_CR : Faults.Fault.INVALID_FIELD_VALUE,
                        "byte 0x" + Integer.toHexString(a[k] & 0xff) + " in " + text(a, s, nameEnd));
            }
        }
        String name = HeaderNames.intern(a, s, nameEnd);
        headers.addUnchecked(name, SharedStrings.headerValue(name, a, i, ve));
    }

    private static String text(byte[] a, int from, int to) {
        return new String(a, from, to - from, ISO_8859_1);
    }
}
