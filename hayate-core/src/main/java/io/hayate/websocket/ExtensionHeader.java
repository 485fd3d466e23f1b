package io.hayate.websocket;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses a {@code Sec-WebSocket-Extensions} value (RFC 6455 §9.1):
 * {@code 1#( token *( ";" token [ "=" ( token / quoted-string ) ] ) )}, with optional whitespace around the
 * separators and empty list elements skipped (RFC 9110 §5.6.1). A quoted value is unescaped and must then be a token
 * too, as RFC 6455 §9.1 requires.
 */
final class ExtensionHeader {
    /** One {@code name[=value]} parameter; {@code value} is null when there is no {@code =}. */
    record Param(String name, String value) {}

    /** One offered or accepted extension with its parameters in order. */
    record Extension(String name, List<Param> params) {}

    private ExtensionHeader() {}

    /** The extensions in {@code value}, in order; throws {@link IllegalArgumentException} when it is malformed. */
    static List<Extension> parse(String value) {
        List<Extension> out = new ArrayList<>();
        String s = value;
        int n = s.length();
        int i = 0;
        for (;;) {
            i = ows(s, i);
            if (i == n) {
                return out;
            }
            if (s.charAt(i) == ',') {
                i++;
                continue;
            }
            int e = token(s, i);
            String name = s.substring(i, e);
            i = ows(s, e);
            List<Param> params = new ArrayList<>(4);
            while (i < n && s.charAt(i) == ';') {
                i = ows(s, i + 1);
                int pe = token(s, i);
                String param = s.substring(i, pe);
                i = ows(s, pe);
                String v = null;
                if (i < n && s.charAt(i) == '=') {
                    i = ows(s, i + 1);
                    if (i < n && s.charAt(i) == '"') {
                        StringBuilder sb = new StringBuilder();
                        i = quoted(s, i, sb);
                        v = sb.toString();
                        if (v.isEmpty() || token(v, 0) != v.length()) {
                            throw new IllegalArgumentException("quoted value of " + param + " is not a token");
                        }
                    } else {
                        int ve = token(s, i);
                        v = s.substring(i, ve);
                        i = ve;
                    }
                    i = ows(s, i);
                }
                params.add(new Param(param, v));
            }
            out.add(new Extension(name, List.copyOf(params)));
            if (i < n && s.charAt(i) != ',') {
                throw new IllegalArgumentException("unexpected '" + s.charAt(i) + "' at " + i);
            }
        }
    }

    private static int ows(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** The end of the token at {@code i}, which must not be empty. */
    private static int token(String s, int i) {
        int e = i;
        while (e < s.length() && isTchar(s.charAt(e))) {
            e++;
        }
        if (e == i) {
            throw new IllegalArgumentException("expected a token at " + i);
        }
        return e;
    }

    /** Unescapes the quoted-string at {@code i} into {@code sb}; returns the index after its closing quote. */
    private static int quoted(String s, int i, StringBuilder sb) {
        for (int k = i + 1; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '"') {
                return k + 1;
            }
            if (c == '\\') {
                if (++k == s.length()) {
                    break;
                }
                c = s.charAt(k);
            }
            sb.append(c);
        }
        throw new IllegalArgumentException("unterminated quoted string");
    }

    static boolean isTchar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
