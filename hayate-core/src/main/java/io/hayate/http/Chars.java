package io.hayate.http;

/** Byte classes of RFC 9110 / 9112, as lookup tables. */
final class Chars {
    private static final boolean[] TCHAR = new boolean[256];
    private static final boolean[] FIELD_VALUE = new boolean[256];
    private static final boolean[] TARGET = new boolean[256];

    static {
        for (int c = '0'; c <= '9'; c++) TCHAR[c] = true;
        for (int c = 'a'; c <= 'z'; c++) TCHAR[c] = true;
        for (int c = 'A'; c <= 'Z'; c++) TCHAR[c] = true;
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) TCHAR[c] = true;
        FIELD_VALUE['\t'] = true;
        for (int c = 0x20; c <= 0x7e; c++) FIELD_VALUE[c] = true;
        for (int c = 0x80; c <= 0xff; c++) FIELD_VALUE[c] = true; // obs-text
        for (int c = 0x21; c <= 0x7e; c++) TARGET[c] = true;
        TARGET['#'] = false; // a fragment is never sent (RFC 9112 §3.2)
    }

    private Chars() {}

    static boolean isTchar(byte b) {
        return TCHAR[b & 0xff];
    }

    static boolean isFieldValue(byte b) {
        return FIELD_VALUE[b & 0xff];
    }

    static boolean isTarget(byte b) {
        return TARGET[b & 0xff];
    }

    static int hexValue(byte b) {
        if (b >= '0' && b <= '9') return b - '0';
        if (b >= 'a' && b <= 'f') return b - 'a' + 10;
        if (b >= 'A' && b <= 'F') return b - 'A' + 10;
        return -1;
    }

    /** The index of the first LF in {@code a[from, to)}, or -1. */
    static int indexOfLf(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
