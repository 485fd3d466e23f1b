package io.hayate.websocket;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * The sending half of permessage-deflate (RFC 7692 §7.2.1): compresses a message, or the parts of a message given one
 * at a time, with {@link Deflater#SYNC_FLUSH} so each part can be sent at once, and strips the {@code 00 00 FF FF}
 * that the flush leaves at the end of the last part.
 *
 * <p>The JDK's {@link Deflater} always uses a 32 KiB window (15 bits); {@link PerMessageDeflate} never agrees to less
 * for this side. The deflater keeps its window from message to message (context takeover) unless this side agreed
 * not to.
 */
final class MessageDeflater {
    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private final boolean resetAfterMessage;
    private byte[] out = new byte[256];

    MessageDeflater(boolean noContextTakeover) {
        this.resetAfterMessage = noContextTakeover;
    }

    /**
     * Compresses the remaining bytes of {@code part} (its position is left alone) and returns the compressed bytes:
     * a view of an internal array, valid until the next call.
     */
    ByteBuffer compress(ByteBuffer part, boolean last) {
        deflater.setInput(part.duplicate());
        int size = 0;
        if (out.length < part.remaining() / 2 + 64) {
            out = new byte[part.remaining() / 2 + 64];
        }
        for (;;) {
            size += deflater.deflate(out, size, out.length - size, Deflater.SYNC_FLUSH);
            if (size < out.length) {
                break; // less than the space given: the flush is complete
            }
            out = Arrays.copyOf(out, (int) Math.min(Integer.MAX_VALUE - 16, 2L * out.length));
        }
        if (last) {
            if (size >= 4 && out[size - 4] == 0 && out[size - 3] == 0 && out[size - 2] == (byte) 0xff
                    && out[size - 1] == (byte) 0xff) {
                size -= 4;
            }
            if (resetAfterMessage) {
                deflater.reset();
            }
        }
        ByteBuffer result = ByteBuffer.wrap(out, 0, size);
        if (last && out.length > MessageBuffer.RETAIN) {
            out = new byte[256]; // the caller still reads the old array through result
        }
        return result;
    }

    /** Frees zlib's native memory now; the deflater is unusable after. */
    void release() {
        deflater.end();
    }
}
