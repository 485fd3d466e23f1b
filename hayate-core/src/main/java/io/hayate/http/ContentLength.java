package io.hayate.http;

/**
 * A {@code Content-Length} field value (RFC 9110 §8.6), shared by both parsers: digits only, at most 18 of them; a
 * list of equal values ({@code 5, 5}) or a repeated field with the same value reads as that value (a tolerable
 * fault, {@link Faults.Fault#DUPLICATE_CONTENT_LENGTH}); different values are a conflict, never tolerated.
 */
final class ContentLength {
    private ContentLength() {}

    /**
     * The length that {@code value} gives, after an earlier field of the same message gave {@code previous} (-1 for
     * none).
     *
     * @throws RuntimeException the parser's exception, from {@code faults}, for a malformed or conflicting value
     */
    static long parse(String value, long previous, Faults faults) {
        long result = previous;
        for (int start = 0, end; start <= value.length(); start = end + 1) {
            end = FieldLists.end(value, start);
            int from = FieldLists.skipOws(value, start, end);
            long v = digits(value, from, FieldLists.trimOws(value, from, end), faults);
            if (result >= 0) {
                if (v != result) {
                    throw faults.of(Faults.Fault.CONFLICTING_CONTENT_LENGTH, result + " and " + v);
                }
                faults.raise(Faults.Fault.DUPLICATE_CONTENT_LENGTH, value);
            }
            result = v;
        }
        return result;
    }

    /** The digits of {@code value} from {@code from} to {@code to}, read in place. */
    private static long digits(String value, int from, int to, Faults faults) {
        long v = 0;
        boolean ok = from < to && to - from <= 18; // 18 digits cannot overflow a long
        for (int i = from; ok && i < to; i++) {
            char c = value.charAt(i);
            ok = c >= '0' && c <= '9';
            v = v * 10 + (c - '0');
        }
        if (!ok) {
            String s = value.substring(from, to);
            String shown = s.length() > 32 ? s.substring(0, 32) + "…" : s;
            throw faults.of(Faults.Fault.INVALID_CONTENT_LENGTH, "'" + shown + "'");
        }
        return v;
    }
}
