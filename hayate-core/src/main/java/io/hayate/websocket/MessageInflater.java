package io.hayate.websocket;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The receiving half of permessage-deflate (RFC 7692 §7.2.2): inflates a compressed message's payload as it arrives,
 * frame piece by frame piece, into the message buffer, then appends {@code 00 00 FF FF} at the end of the message.
 *
 * <p>Output is bounded: the buffer never grows past {@code limit + 1} bytes, and the byte past the limit fails the
 * message with 1009, so a small compressed message that would inflate to gigabytes (a zip bomb) costs at most the
 * limit. Text is validated as it inflates, on output up to the limit. The compressed bytes reach the inflater in
 * fixed pieces counted from the message's start, so which error a message gets depends only on its bytes, never on
 * how they were split; a fault is found at most one piece (4 KiB) after its byte, or at the end of the message.
 *
 * <p>The inflater keeps its window from message to message (context takeover) unless the peer agreed not to use it.
 * A block with BFINAL set (RFC 7692 §7.2.3.4 allows a sender to flush that way) ends zlib's stream: what follows, in
 * the same message (the RFC's example adds a {@code 00} byte) or in the next, is inflated as a new stream without
 * the earlier window. A back-reference into that lost window fails with 1007 ("invalid distance too far back"); it
 * never yields wrong bytes. Senders that flush with BFINAL end their own window too, so this costs nothing in
 * practice, and a restart is cheap, so a peer cannot make it expensive by sending many final blocks.
 */
final class MessageInflater {
    private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};
    // The inflater is fed whole pieces of this many compressed bytes (and a message's last, shorter one), counted from
    // the message's start, never the pieces the network delivered: java.util.zip.Inflater drops the output of a call
    // that meets corrupt data, so with the network's pieces a corrupt stream could fail as 1007 or, when cut before
    // the corruption, first inflate past the limit (1009). Same pieces, same calls, same story.
    private static final int PIECE = 4 * 1024;

    private final Inflater inflater = new Inflater(true);
    private final boolean resetAfterMessage;
    private byte[] piece; // made with the first compressed message
    private int pieceLen;

    MessageInflater(boolean peerNoContextTakeover) {
        this.resetAfterMessage = peerNoContextTakeover;
    }

    /**
     * Takes {@code len} payload bytes of a compressed message from {@code src}, unmasking them first when
     * {@code masked} ({@code pos} is their offset in the frame's payload), and inflates every piece they complete.
     */
    void inflate(byte[] src, int off, int len, boolean masked, int key, long pos, MessageBuffer out, int limit,
                 Utf8Validator utf8) {
        if (piece == null) {
            piece = new byte[PIECE];
        }
        while (len > 0) {
            int n = Math.min(len, PIECE - pieceLen);
            if (masked) {
                Masking.mask(src, off, piece, pieceLen, n, key, pos);
            } else {
                System.arraycopy(src, off, piece, pieceLen, n);
            }
            pieceLen += n;
            off += n;
            len -= n;
            pos += n;
            if (pieceLen == PIECE) {
                pieceLen = 0;
                feed(piece, 0, PIECE, out, limit, utf8);
            }
        }
    }

    private void feed(byte[] in, int off, int n, MessageBuffer out, int limit, Utf8Validator utf8) {
        while (n > 0) {
            if (inflater.finished()) {
                inflater.reset(); // a final block ended the stream: what follows starts a new one
            }
            inflater.setInput(in, off, n);
            drain(out, limit, utf8);
            int left = inflater.getRemaining(); // more than 0 only when a final block ended the stream
            off += n - left;
            n = left;
        }
    }

    /** Ends a compressed message: inflates the {@code 00 00 FF FF} the sender stripped, then resets if it must. */
    void finish(MessageBuffer out, int limit, Utf8Validator utf8) {
        if (pieceLen > 0) {
            int n = pieceLen;
            pieceLen = 0;
            feed(piece, 0, n, out, limit, utf8);
        }
        if (!inflater.finished()) {
            inflater.setInput(TAIL);
            drain(out, limit, utf8);
        }
        if (resetAfterMessage || inflater.finished()) {
            inflater.reset();
        }
    }

    /** Frees zlib's native memory now; the inflater is unusable after. */
    void release() {
        inflater.end();
    }

    private void drain(MessageBuffer out, int limit, Utf8Validator utf8) {
        int idle = 0;
        for (;;) {
            if (out.size == out.array.length) {
                out.ensure(out.size + 1, limit + 1);
            }
            int from = out.size;
            int n;
            try {
                n = inflater.inflate(out.array, from, out.array.length - from);
            } catch (DataFormatException e) {
                throw new WebSocketException(WsViolation.INVALID_COMPRESSED_DATA, e.getMessage());
            }
            out.size = from + n;
            if (utf8 != null) {
                int end = Math.min(out.size, limit);
                if (end > from && !utf8.feed(out.array, from, end - from)) {
                    throw new WebSocketException(WsViolation.INVALID_UTF8, null);
                }
            }
            if (out.size > limit) {
                throw new WebSocketException(WsViolation.MESSAGE_TOO_LARGE, "inflates past " + limit + " bytes");
            }
            if (n > 0) {
                idle = 0;
            } else if (inflater.finished() || inflater.needsInput()) {
                return;
            } else if (inflater.needsDictionary() || ++idle > 1) {
                throw new WebSocketException(WsViolation.INVALID_COMPRESSED_DATA, "inflater makes no progress");
            }
        }
    }
}
