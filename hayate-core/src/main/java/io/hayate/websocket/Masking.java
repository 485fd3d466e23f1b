package io.hayate.websocket;

/** The XOR masking of RFC 6455 §5.3: byte {@code i} of a payload is XORed with byte {@code i mod 4} of the key. */
final class Masking {
    private Masking() {}

    /**
     * Copies {@code n} bytes from {@code src} to {@code dst} (which may be the same range), XORing each with the key
     * byte for its position; {@code pos} is the payload offset of the first byte, which selects where in the key to
     * start.
     */
    static void mask(byte[] src, int sp, byte[] dst, int dp, int n, int key, long pos) {
        int shift = (int) (pos & 3);
        // key byte j sits at bits 24 - 8j; rotate so that byte j of the payload's phase is the top byte
        int k = Integer.rotateLeft(key, shift << 3);
        byte k0 = (byte) (k >>> 24);
        byte k1 = (byte) (k >>> 16);
        byte k2 = (byte) (k >>> 8);
        byte k3 = (byte) k;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            dst[dp + i] = (byte) (src[sp + i] ^ k0);
            dst[dp + i + 1] = (byte) (src[sp + i + 1] ^ k1);
            dst[dp + i + 2] = (byte) (src[sp + i + 2] ^ k2);
            dst[dp + i + 3] = (byte) (src[sp + i + 3] ^ k3);
        }
        for (int j = 0; i < n; i++, j++) {
            dst[dp + i] = (byte) (src[sp + i] ^ (j == 0 ? k0 : j == 1 ? k1 : k2));
        }
    }
}
