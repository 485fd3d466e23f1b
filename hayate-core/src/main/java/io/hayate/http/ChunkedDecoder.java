package io.hayate.http;

import java.nio.ByteBuffer;

/**
 * The chunked transfer coding (RFC 9112 §7.1) of a message body, shared by {@link RequestParser} and
 * {@link ResponseParser}: chunk-size lines with their extensions, the CRLF after each chunk's data, and the trailer
 * section. Like the parsers, a state machine over array-backed {@link ByteBuffer}s, incremental across partial input.
 *
 * <p>The decoder only finds faults; the parser's {@link Faults} names them in its own terms (a status for a request,
 * a {@link ResponseViolation} for a response) and decides whether a bare-LF line ending is tolerated.
 *
 * <p><b>Threading.</b> Belongs to one parser, used by one thread at a time.
 */
final class ChunkedDecoder {

    private enum State { SIZE, DATA, DATA_END, TRAILERS, COMPLETE }

    private final HttpLimits limits;
    private final Faults faults;

    private State state = State.SIZE;
    private long remaining;
    private long received;
    private int trailerBytes;
    private int fields;

    ChunkedDecoder(HttpLimits limits, Faults faults) {
        this.limits = limits;
        this.faults = faults;
    }

    /** Starts a new body whose head had {@code headFields} field lines (trailers count toward the same limit). */
    void start(int headFields) {
        state = State.SIZE;
        remaining = 0;
        received = 0;
        trailerBytes = 0;
        fields = headFields;
    }

    /** Whether the last chunk and the trailer section have been consumed. */
    boolean complete() {
        return state == State.COMPLETE;
    }

    /**
     * Consumes framing from {@code in} and returns the next slice of chunk data (a view of {@code in}, valid until the
     * caller reuses it), or {@code null} when the input is used up or the body is {@link #complete()}.
     *
     * @throws RuntimeException the parser's exception for a {@link Faults.Fault}
     */
    ByteBuffer decode(ByteBuffer in) {
        for (;;) {
            switch (state) {
                case SIZE:
                    if (!chunkSize(in)) {
                        return null;
                    }
                    continue;
                case DATA: {
                    if (!in.hasRemaining()) {
                        return null;
                    }
                    int n = (int) Math.min(remaining, in.remaining());
                    int p = in.position();
                    ByteBuffer data = in.slice(p, n);
                    in.position(p + n);
                    remaining -= n;
                    if (remaining == 0) {
                        state = State.DATA_END;
                    }
                    return data;
                }
                case DATA_END:
                    if (!dataEnd(in)) {
                        return null;
                    }
                    continue;
                case TRAILERS:
                    if (!trailers(in)) {
                        return null;
                    }
                    continue;
                default:
                    return null;
            }
        }
    }

    private boolean chunkSize(ByteBuffer in) {
        byte[] a = in.array();
        int off = in.arrayOffset();
        int p = off + in.position();
        int end = off + in.limit();
        int max = limits.maxChunkLine();
        // The line holds at most max bytes, then CR LF: search no further than that, so a peer cannot make us scan.
        int lf = Chars.indexOfLf(a, p, (int) Math.min(end, p + (long) max + 2));
        if (lf < 0) {
            if (end - p - 1 > max) { // -1: the CR may be here without its LF
                throw faults.of(Faults.Fault.CHUNK_SIZE, "chunk line longer than " + max);
            }
            return false;
        }
        int le = lf > p && a[lf - 1] == '\r' ? lf - 1 : lf;
        if (le - p > max) { // only with a bare LF: judged like the check above would
            throw faults.of(Faults.Fault.CHUNK_SIZE, "chunk line longer than " + max);
        }
        if (le == lf) {
            lfOnly("chunk size line");
        }
        long size = 0;
        int i = p;
        for (int h; i < le && (h = Chars.hexValue(a[i])) >= 0; i++) {
            if (size > (Long.MAX_VALUE >>> 4)) {
                throw faults.of(Faults.Fault.CHUNK_SIZE, "too big");
            }
            size = (size << 4) | h;
        }
        if (i == p) {
            throw faults.of(Faults.Fault.CHUNK_SIZE, "no hex digits");
        }
        extensions(a, i, le);
        if (size > limits.maxBodySize() - received) { // not received + size: that can overflow
            throw faults.of(Faults.Fault.BODY_TOO_LARGE, "limit " + limits.maxBodySize());
        }
        received += size;
        in.position(lf + 1 - off);
        if (size == 0) {
            state = State.TRAILERS;
        } else {
            remaining = size;
            state = State.DATA;
        }
        return true;
    }

    /** {@code *( BWS ";" BWS name [ BWS "=" BWS value ] )}: checked for shape and for control bytes, then ignored. */
    private void extensions(byte[] a, int i, int end) {
        while (i < end && (a[i] == ' ' || a[i] == '\t')) {
            i++;
        }
        if (i == end) {
            return;
        }
        if (a[i] != ';') {
            throw faults.of(Faults.Fault.CHUNK_SIZE, "unexpected byte after the size");
        }
        for (; i < end; i++) {
            if (!Chars.isFieldValue(a[i])) {
                throw faults.of(Faults.Fault.CHUNK_SIZE, "control byte in a chunk extension");
            }
        }
    }

    private boolean dataEnd(ByteBuffer in) {
        int p = in.position();
        if (in.remaining() < 1) {
            return false;
        }
        byte b0 = in.get(p);
        if (b0 == '\n') {
            lfOnly("after chunk data");
            in.position(p + 1);
            state = State.SIZE;
            return true;
        }
        if (b0 != '\r') {
            throw faults.of(Faults.Fault.CHUNK_FRAMING, "chunk data longer than its size");
        }
        if (in.remaining() < 2) {
            return false;
        }
        if (in.get(p + 1) != '\n') {
            throw faults.of(Faults.Fault.CHUNK_FRAMING, "CR without LF after chunk data");
        }
        in.position(p + 2);
        state = State.SIZE;
        return true;
    }

    private boolean trailers(ByteBuffer in) {
        byte[] a = in.array();
        int off = in.arrayOffset();
        int maxSize = limits.maxHeaderSize();
        for (;;) {
            int p = off + in.position();
            int end = off + in.limit();
            int lf = Chars.indexOfLf(a, p, end);
            if (lf < 0) {
                // -1: the CR of the empty line that ends the trailers may be here without its LF
                if (trailerBytes + (end - p) - 1 > maxSize) {
                    throw faults.of(Faults.Fault.FIELDS_TOO_LARGE, "trailers over " + maxSize + " bytes");
                }
                return false;
            }
            boolean crlf = lf > p && a[lf - 1] == '\r';
            int le = crlf ? lf - 1 : lf;
            if (le == p) {
                if (!crlf) {
                    lfOnly("trailer section");
                }
                in.position(lf + 1 - off);
                state = State.COMPLETE;
                return true;
            }
            // sizes before the terminator, as in the head, so split input is judged like whole input
            trailerBytes += lf + 1 - p;
            if (trailerBytes > maxSize) {
                throw faults.of(Faults.Fault.FIELDS_TOO_LARGE, "trailers over " + maxSize + " bytes");
            }
            if (++fields > limits.maxHeaderCount()) {
                throw faults.of(Faults.Fault.TOO_MANY_FIELDS, "limit " + limits.maxHeaderCount());
            }
            if (!crlf) {
                lfOnly("trailer section");
            }
            in.position(lf + 1 - off);
            FieldLine.parse(a, p, le, new Headers(1), faults); // validated, then dropped: trailers carry nothing Hayate uses
        }
    }

    private void lfOnly(String where) {
        faults.raise(Faults.Fault.LF_LINE_TERMINATOR, where);
    }
}
