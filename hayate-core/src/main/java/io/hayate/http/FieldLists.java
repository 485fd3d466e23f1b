package io.hayate.http;

/**
 * Comma-separated field values (RFC 9110 §5.6.1) read in place: where an element ends, and its bounds without the
 * optional whitespace (a space or a tab, nothing else) around it. Empty elements are the caller's to judge.
 */
final class FieldLists {
    private FieldLists() {}

    /** Where the element that starts at {@code start} ends: the next comma, or the value's end. */
    static int end(String value, int start) {
        int comma = value.indexOf(',', start);
        return comma < 0 ? value.length() : comma;
    }

    /** The first index in {@code from..to} that is not optional whitespace ({@code to} if none). */
    static int skipOws(String value, int from, int to) {
        while (from < to && isOws(value.charAt(from))) {
            from++;
        }
        return from;
    }

    /** {@code to}, moved back over optional whitespace, never before {@code from}. */
    static int trimOws(String value, int from, int to) {
        while (to > from && isOws(value.charAt(to - 1))) {
            to--;
        }
        return to;
    }

    /** Whether the element at {@code from..to} is {@code token}, ignoring case. */
    static boolean is(String value, int from, int to, String token) {
        return to - from == token.length() && value.regionMatches(true, from, token, 0, token.length());
    }

    private static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }
}
