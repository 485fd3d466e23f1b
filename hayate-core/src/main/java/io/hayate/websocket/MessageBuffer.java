package io.hayate.websocket;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The bytes of the message being reassembled: an array that grows with what arrives, never to a declared length up
 * front, and is dropped after a big message so an idle connection does not keep it.
 */
final class MessageBuffer {
    private static final byte[] EMPTY = new byte[0];
    /** A buffer larger than this is not kept for the next message. */
    static final int RETAIN = 64 * 1024;
    private static final int MIN_CAPACITY = 256;

    byte[] array = EMPTY;
    int size;

    /** Makes room for at least {@code min} bytes, doubling, but never past {@code bound} (which is at least {@code min}). */
    void ensure(int min, int bound) {
        if (min <= array.length) {
            return;
        }
        long doubled = Math.max(MIN_CAPACITY, 2L * array.length);
        int cap = (int) Math.max(min, Math.min(bound, doubled));
        array = Arrays.copyOf(array, cap);
    }

    /** Empties the buffer for the next message. */
    void clear() {
        size = 0;
        if (array.length > RETAIN) {
            array = EMPTY;
        }
    }

    /** A read-only view of the bytes, valid until the buffer is next written or cleared. */
    ByteBuffer view() {
        return ByteBuffer.wrap(array, 0, size).slice().asReadOnlyBuffer();
    }

    int capacity() {
        return array.length;
    }
}
