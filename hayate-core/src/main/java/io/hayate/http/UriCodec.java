package io.hayate.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Percent-decoding of paths, queries and form bodies, and path normalisation. Pure functions. */
public final class UriCodec {
    private UriCodec() {}

    /**
     * Decodes a raw path and removes dot segments (RFC 3986 §5.2.4).
     *
     * @throws BadMessageException {@link Violation#INVALID_TARGET} for a bad escape or bad UTF-8,
     *                             {@link Violation#AMBIGUOUS_PATH} for {@code %2F}, {@code %00} or a {@code ..} above the root
     */
    public static String decodePath(String raw) {
        if (raw.isEmpty() || raw.charAt(0) != '/') {
            return raw; // "*" or an authority
        }
        boolean simple = raw.indexOf('%') < 0 && !raw.contains("/.");
        if (simple) {
            return raw;
        }
        String decoded = raw.indexOf('%') < 0 ? raw : percentDecode(raw, false, true);
        return removeDotSegments(decoded);
    }

    private static String removeDotSegments(String path) {
        if (!path.contains("/.")) {
            return path;
        }
        List<String> out = new ArrayList<>();
        String[] segments = path.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            boolean last = i == segments.length - 1;
            if (s.equals(".")) {
                if (last) out.add("");
            } else if (s.equals("..")) {
                if (out.isEmpty()) {
                    throw new BadMessageException(Violation.AMBIGUOUS_PATH, "'..' above the root");
                }
                out.remove(out.size() - 1);
                if (last) out.add("");
            } else {
                out.add(s);
            }
        }
        return "/" + String.join("/", out);
    }

    /** Parses {@code a=1&b=2&a=3} (query or form body): '+' is a space; keys keep their first-seen order. */
    public static Map<String, List<String>> parseParams(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = percentDecode(eq < 0 ? pair : pair.substring(0, eq), true, false);
            String v = eq < 0 ? "" : percentDecode(pair.substring(eq + 1), true, false);
            out.computeIfAbsent(k, x -> new ArrayList<>(1)).add(v);
        }
        return out;
    }

    private static int hexValue(char c) {
        return c < 128 ? Chars.hexValue((byte) c) : -1;
    }

    /** Decodes %XX escapes as UTF-8; {@code plusIsSpace} for queries and forms. */
    public static String percentDecode(String s, boolean plusIsSpace, boolean path) {
        if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                // not Character.digit: it takes non-ASCII digits such as '\uFF11' for hex digits
                int hi = i + 2 < s.length() ? hexValue(s.charAt(i + 1)) : -1;
                int lo = hi >= 0 ? hexValue(s.charAt(i + 2)) : -1;
                if (lo < 0) {
                    throw new BadMessageException(Violation.INVALID_TARGET, "bad percent-escape");
                }
                int b = hi << 4 | lo;
                if (path && (b == '/' || b == 0)) {
                    throw new BadMessageException(Violation.AMBIGUOUS_PATH, b == 0 ? "encoded NUL" : "encoded slash");
                }
                bytes.write(b);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                // a whole code point: encoding the two halves of a surrogate pair one by one gives "??"
                int cp = s.codePointAt(i);
                byte[] enc = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                bytes.write(enc, 0, enc.length);
                i += Character.charCount(cp) - 1;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new BadMessageException(Violation.INVALID_TARGET, "escapes are not UTF-8");
        }
    }
}
