package io.hayate.client;

import io.hayate.http.ResponseViolation;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Incremental decoding of {@code gzip} (RFC 1952: header, raw DEFLATE, CRC-32 and length checked) and
 * {@code deflate} (RFC 9110 §8.4.1.2: zlib-wrapped DEFLATE; raw DEFLATE, which some servers send instead, is
 * recognised by its first two bytes). Bytes in, pieces of at most 64 KiB out, so a small compressed input that
 * expands a lot never becomes one big allocation.
 *
 * <p><b>Threading.</b> One per response, on the loop thread. Holds a native zlib inflater: {@link #release()} it.
 */
final class ContentDecoder {
    private static final int OUT = 64 * 1024;
    private static final int MAX_GZIP_HEADER = 64 * 1024;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private enum Phase { GZIP_HEADER, DETECT, BODY, TRAILER, DONE }

    private final boolean gzip;
    private final byte[] out = new byte[OUT];
    private final CRC32 crc = new CRC32();
    private Phase phase;
    private Inflater inflater;
    private byte[] head = new byte[16];
    private int headLen;
    private long size;
    private boolean lastFull;

    private ContentDecoder(boolean gzip) {
        this.gzip = gzip;
        this.phase = gzip ? Phase.GZIP_HEADER : Phase.DETECT;
    }

    /** A decoder for the {@code Content-Encoding} value, or {@code null} when it is absent, identity or unknown. */
    static ContentDecoder forEncoding(String contentEncoding) {
        if (contentEncoding == null) {
            return null;
        }
        return switch (contentEncoding.strip().toLowerCase(Locale.ROOT)) {
            case "gzip", "x-gzip" -> new ContentDecoder(true);
            case "deflate" -> new ContentDecoder(false);
            default -> null;
        };
    }

    /**
     * Decodes from {@code in} until it produced some output (returned, valid until the next call) or needs more
     * input (returns an empty buffer with {@code in} consumed).
     *
     * @throws DecodingException when the bytes are not valid for the encoding
     */
    ByteBuffer step(ByteBuffer in) {
        for (;;) {
            switch (phase) {
                case GZIP_HEADER -> {
                    if (!in.hasRemaining()) {
                        return EMPTY;
                    }
                    stash(in.get());
                    int len = gzipHeaderLength();
                    if (len > 0) {
                        inflater = new Inflater(true);
                        crc.reset();
                        size = 0;
                        headLen = 0;
                        phase = Phase.BODY;
                    }
                }
                case DETECT -> {
                    if (!in.hasRemaining()) {
                        return EMPTY;
                    }
                    stash(in.get());
                    if (headLen == 2) {
                        int cmf = head[0] & 0xff;
                        boolean zlib = (cmf & 0x0f) == 8 && ((cmf << 8) | (head[1] & 0xff)) % 31 == 0;
                        inflater = new Inflater(!zlib);
                        inflater.setInput(head, 0, 2);
                        phase = Phase.BODY;
                    }
                }
                case BODY -> {
                    if (inflater.needsInput() && !lastFull) {
                        if (!in.hasRemaining()) {
                            return EMPTY;
                        }
                        inflater.setInput(in);
                    }
                    int n;
                    try {
                        n = inflater.inflate(out);
                    } catch (DataFormatException e) {
                        throw new DecodingException("corrupt " + (gzip ? "gzip" : "deflate") + " data: " + e.getMessage());
                    }
                    lastFull = n == OUT;
                    if (gzip) {
                        crc.update(out, 0, n);
                    }
                    size += n;
                    if (inflater.finished()) {
                        lastFull = false;
                        phase = gzip ? Phase.TRAILER : Phase.DONE;
                    } else if (n == 0 && inflater.needsDictionary()) {
                        throw new DecodingException("deflate data needs a preset dictionary");
                    }
                    if (n > 0) {
                        return ByteBuffer.wrap(out, 0, n);
                    }
                }
                case TRAILER -> {
                    if (!in.hasRemaining()) {
                        return EMPTY;
                    }
                    stash(in.get());
                    if (headLen == 8) {
                        long expectedCrc = le32(0);
                        long expectedSize = le32(4);
                        if (expectedCrc != crc.getValue() || expectedSize != (size & 0xffffffffL)) {
                            throw new DecodingException("gzip trailer does not match the data (CRC or length)");
                        }
                        inflater.end();
                        inflater = null;
                        headLen = 0;
                        phase = Phase.DONE;
                    }
                }
                case DONE -> {
                    if (!in.hasRemaining()) {
                        return EMPTY;
                    }
                    if (gzip && (in.get(in.position()) & 0xff) == 0x1f) {
                        phase = Phase.GZIP_HEADER; // another member (RFC 1952 §2.2)
                    } else {
                        throw new DecodingException("bytes after the end of the compressed data");
                    }
                }
            }
        }
    }

    /** Whether more output may come without more input (the last piece filled the output buffer). */
    boolean hasPendingOutput() {
        return lastFull;
    }

    /** The input the inflater reads moved to {@code copy} (the caller's buffer is about to be reused). */
    void rebase(ByteBuffer copy) {
        if (phase == Phase.BODY && inflater != null && !inflater.needsInput()) {
            inflater.setInput(copy);
        }
    }

    /** The body ended: throws when the compressed data did not. */
    void finish() {
        if (phase != Phase.DONE) {
            throw new DecodingException("the compressed body is truncated");
        }
    }

    void release() {
        if (inflater != null) {
            inflater.end();
            inflater = null;
        }
    }

    private void stash(byte b) {
        if (headLen == head.length) {
            if (head.length >= MAX_GZIP_HEADER) {
                throw new DecodingException("gzip header over " + MAX_GZIP_HEADER + " bytes");
            }
            head = java.util.Arrays.copyOf(head, head.length * 2);
        }
        head[headLen++] = b;
    }

    /** The length of the gzip header in {@code head}, or 0 when more bytes are needed. */
    private int gzipHeaderLength() {
        if (headLen >= 1 && (head[0] & 0xff) != 0x1f || headLen >= 2 && (head[1] & 0xff) != 0x8b) {
            throw new DecodingException("not gzip data (bad magic number)");
        }
        if (headLen >= 3 && head[2] != 8) {
            throw new DecodingException("gzip compression method " + head[2] + " is not DEFLATE");
        }
        if (headLen < 10) {
            return 0;
        }
        int flags = head[3] & 0xff;
        int p = 10;
        if ((flags & 4) != 0) { // FEXTRA
            if (headLen < p + 2) {
                return 0;
            }
            p += 2 + ((head[p] & 0xff) | (head[p + 1] & 0xff) << 8);
        }
        for (int bit : new int[] {8, 16}) { // FNAME, FCOMMENT: zero-terminated
            if ((flags & bit) != 0) {
                while (p < headLen && head[p] != 0) {
                    p++;
                }
                if (p >= headLen) {
                    return 0;
                }
                p++;
            }
        }
        if ((flags & 2) != 0) { // FHCRC
            p += 2;
        }
        return headLen >= p ? p : 0;
    }

    private long le32(int at) {
        return (head[at] & 0xffL) | (head[at + 1] & 0xffL) << 8 | (head[at + 2] & 0xffL) << 16 | (head[at + 3] & 0xffL) << 24;
    }

    /** Bytes that do not decode; the client reports it as {@link ResponseViolation#BAD_CONTENT_ENCODING}. */
    static final class DecodingException extends RuntimeException {
        DecodingException(String message) {
            super(message, null, false, false);
        }
    }
}
