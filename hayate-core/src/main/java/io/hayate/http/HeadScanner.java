package io.hayate.http;

import java.nio.ByteBuffer;

/**
 * Finds the lines of a message head (the start line, the field lines, the empty line that ends them) in bytes that
 * arrive in pieces, and checks the head's limits at the byte where they are crossed: a start line over
 * {@link HttpLimits#maxRequestLine()}, a field section over {@link HttpLimits#maxHeaderSize()} or with more than
 * {@link HttpLimits#maxHeaderCount()} lines. Shared by both parsers; what the lines say is theirs to read
 * ({@link RequestParser} a request line, {@link ResponseParser} a status line) and each names the faults its own way
 * ({@link Faults}).
 *
 * <p>Positions are kept relative to the input's position, so the caller may move the bytes it has not consumed
 * (compact the buffer) between calls. Sizes are judged before the terminator, so a line is judged the same whether
 * its LF arrives in this call or a later one.
 */
final class HeadScanner {

    /** What one call to {@link #scan} found. */
    enum Step {
        /** Every complete line is scanned; call again with more bytes appended. */
        NEED_MORE,
        /** The start line is complete: {@link #from()} and {@link #to()} hold it, without its terminator. */
        START_LINE,
        /**
         * The empty line arrived: {@link #from()} and {@link #to()} hold the field lines with their terminators, the
         * input's position is moved past the head, and scanning starts over for the next message.
         */
        END
    }

    private final HttpLimits limits;
    private final Faults faults;
    private final boolean skipEmptyLines;

    private int scanned;        // bytes scanned, from the input's position
    private int lineStart;      // of the current line, from the input's position
    private int startLineEnd = -1;
    private int fieldLines;
    private int from;
    private int to;

    /**
     * @param skipEmptyLines whether empty lines before the start line are skipped (a server does, RFC 9112 §2.2);
     *                       otherwise an empty start line is the caller's to reject
     */
    HeadScanner(HttpLimits limits, Faults faults, boolean skipEmptyLines) {
        this.limits = limits;
        this.faults = faults;
        this.skipEmptyLines = skipEmptyLines;
    }

    /**
     * Scans {@code in} (array-backed) from where the last call stopped.
     *
     * @throws RuntimeException the parser's exception for a limit crossed or an LF without CR it does not tolerate
     */
    Step scan(ByteBuffer in) {
        byte[] a = in.array();
        int off = in.arrayOffset();
        int base = in.position();
        int end = in.limit();
        int i = base + scanned;
        while (i < end) {
            int lf = Chars.indexOfLf(a, off + i, off + end);
            if (lf < 0) {
                break;
            }
            lf -= off;
            int ls = base + lineStart;
            boolean crlf = lf > ls && a[off + lf - 1] == '\r';
            int len = (crlf ? lf - 1 : lf) - ls;
            if (startLineEnd < 0) {
                if (len > limits.maxRequestLine()) {
                    throw faults.of(Faults.Fault.START_LINE_TOO_LONG, len + " bytes, limit " + limits.maxRequestLine());
                }
                if (!crlf) {
                    faults.raise(Faults.Fault.LF_LINE_TERMINATOR, null);
                }
                if (len == 0 && skipEmptyLines) {
                    base = lf + 1;
                    in.position(base);
                    lineStart = 0;
                    i = base;
                    continue;
                }
                startLineEnd = lf + 1 - base;
                lineStart = startLineEnd;
                scanned = startLineEnd;
                from = off + ls;
                to = off + ls + len;
                return Step.START_LINE;
            }
            if (len == 0) {
                if (!crlf) {
                    faults.raise(Faults.Fault.LF_LINE_TERMINATOR, null);
                }
                from = off + base + startLineEnd;
                to = off + lf + 1;
                in.position(lf + 1);
                scanned = 0;
                lineStart = 0;
                startLineEnd = -1;
                return Step.END;
            }
            // size before count, as the NEED_MORE check can only see the size of an unfinished line
            if (lf + 1 - base - startLineEnd > limits.maxHeaderSize()) {
                throw faults.of(Faults.Fault.FIELDS_TOO_LARGE, "limit " + limits.maxHeaderSize() + " bytes");
            }
            if (++fieldLines > limits.maxHeaderCount()) {
                throw faults.of(Faults.Fault.TOO_MANY_FIELDS, "limit " + limits.maxHeaderCount());
            }
            if (!crlf) {
                faults.raise(Faults.Fault.LF_LINE_TERMINATOR, null);
            }
            lineStart = lf + 1 - base;
            i = lf + 1;
        }
        scanned = end - base;
        // -1: the CR of the line (of the empty line that ends the head) may already be here without its LF
        if (startLineEnd < 0) {
            if (scanned - lineStart - 1 > limits.maxRequestLine()) {
                throw faults.of(Faults.Fault.START_LINE_TOO_LONG, "limit " + limits.maxRequestLine());
            }
        } else if (scanned - startLineEnd - 1 > limits.maxHeaderSize()) {
            throw faults.of(Faults.Fault.FIELDS_TOO_LARGE, "limit " + limits.maxHeaderSize() + " bytes");
        }
        return Step.NEED_MORE;
    }

    /** Start of what the last {@link Step#START_LINE} or {@link Step#END} found: an index into the input's array. */
    int from() {
        return from;
    }

    /** End (exclusive) of what the last {@link Step#START_LINE} or {@link Step#END} found. */
    int to() {
        return to;
    }

    /** Field lines of the current head so far; kept after {@link Step#END} until {@link #reset()}. */
    int fieldLines() {
        return fieldLines;
    }

    /** Whether a byte of the current head has been scanned (empty lines skipped before it do not count). */
    boolean started() {
        return scanned > 0 || startLineEnd >= 0;
    }

    /** Prepares for the next message. */
    void reset() {
        scanned = 0;
        lineStart = 0;
        startLineEnd = -1;
        fieldLines = 0;
    }

    /**
     * The field lines in {@code a[from, to)} (each with its terminator, the last one the empty line) as headers.
     *
     * @throws RuntimeException the parser's exception for a bad field line
     */
    static Headers fields(byte[] a, int from, int to, int lines, Faults faults) {
        Headers headers = new Headers(Math.max(4, lines));
        int p = from;
        while (p < to) {
            int lf = Chars.indexOfLf(a, p, to);
            int le = lf > p && a[lf - 1] == '\r' ? lf - 1 : lf;
            if (le == p) {
                break; // the empty line
            }
            FieldLine.parse(a, p, le, headers, faults);
            p = lf + 1;
        }
        return headers;
    }
}
