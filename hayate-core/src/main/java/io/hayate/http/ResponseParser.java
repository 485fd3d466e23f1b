package io.hayate.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.nio.ByteBuffer;

/**
 * A strict, incremental HTTP/1.1 response parser: the client's twin of {@link RequestParser}, a state machine over
 * {@link ByteBuffer}s with no sockets and no threads.
 *
 * <p>Tell it which request the response answers with {@link #request(String)} (a response to {@code HEAD} has no
 * body whatever its headers say), then feed it bytes with {@link #parse}; each call consumes what it can and returns
 * one {@link Event}:
 * <ul>
 *   <li>{@link Event#NEED_MORE}: nothing more can be done with these bytes. Bytes of an unfinished head are
 *       <em>not</em> consumed: keep everything from {@code position()} on and call again with more appended.</li>
 *   <li>{@link Event#HEAD}: the head was consumed; {@link #head()} has it. An interim (1xx) head is followed by
 *       {@link Event#DONE} at once; call {@link #reset()} and go on parsing for the final response.</li>
 *   <li>{@link Event#BODY}: {@link #body()} is a slice of the input with the next body bytes (chunked framing
 *       removed), valid until the caller reuses the input buffer.</li>
 *   <li>{@link Event#DONE}: the response is complete. After a {@code 101 Switching Protocols} the bytes from the
 *       input's position on belong to the new protocol.</li>
 * </ul>
 * When the connection reaches end of stream, call {@link #eof()}: it completes a body that runs until the connection
 * closes, and reports a truncated head or body.
 *
 * <p>Body framing follows RFC 9112 §6.3: no body after {@code HEAD}, for 1xx, 204 and 304, and for a 2xx answer to
 * {@code CONNECT}; otherwise chunked, else {@code Content-Length}, else everything until the connection closes (and
 * then the connection is not kept alive). A response that breaks HTTP/1.1 or a limit raises
 * {@link BadResponseException} naming the {@link ResponseViolation}; the parser is spent and the connection must be
 * closed. Deliberate leniency: a status line without a reason phrase may also lack the space before it
 * ({@code "HTTP/1.1 200"}), which many servers send.
 *
 * <table>
 *   <caption>Limits ({@link HttpLimits}), checked at the byte where they are crossed</caption>
 *   <tr><th>limit</th><th>applies to</th></tr>
 *   <tr><td>{@code maxRequestLine}</td><td>the status line</td></tr>
 *   <tr><td>{@code maxHeaderSize}, {@code maxHeaderCount}</td><td>header section; trailers count too</td></tr>
 *   <tr><td>{@code maxBodySize}</td><td>the body as received, decided from Content-Length before any body byte when
 *       there is one</td></tr>
 *   <tr><td>{@code maxChunkLine}</td><td>a chunk-size line with extensions</td></tr>
 * </table>
 *
 * <p><b>Threading.</b> One instance per connection, used by one thread at a time. The input must be array-backed.
 */
public final class ResponseParser {

    /** What one call to {@link #parse} produced. */
    public enum Event { NEED_MORE, HEAD, BODY, DONE }

    private enum State { HEAD, BODY_FIXED, BODY_UNTIL_CLOSE, CHUNKED, COMPLETE, DONE, FAILED }

    private static final String OK = "OK";

    private static final Faults STRICT_FAULTS = faults(Compliance.STRICT);

    private final HttpLimits limits;
    private final Faults faults;
    private final HeadScanner scanner;

    private String method = "GET";
    private State state = State.HEAD;
    // The status line, parsed when its LF arrives.
    private int status;
    private String reason;
    private int minor;
    // The message.
    private ResponseHead head;
    private long remaining;
    private long bodyReceived; // of a body that runs until the connection closes
    private ChunkedDecoder chunked; // made for the first chunked body
    private ByteBuffer body;

    public ResponseParser(HttpLimits limits, Compliance compliance) {
        this.limits = limits;
        this.faults = compliance == Compliance.STRICT ? STRICT_FAULTS : faults(compliance);
        this.scanner = new HeadScanner(limits, faults, false);
    }

    /** A strict parser with default limits. */
    public ResponseParser() {
        this(HttpLimits.DEFAULTS, Compliance.STRICT);
    }

    /**
     * The method of the request the next response answers ({@code GET} until told otherwise). Kept across
     * {@link #reset()}, so an interim response and the final one share it.
     */
    public void request(String method) {
        this.method = method;
    }

    /** The head of the current response; valid from {@link Event#HEAD} until {@link #reset()}. */
    public ResponseHead head() {
        return head;
    }

    /** The body bytes of the last {@link Event#BODY}. */
    public ByteBuffer body() {
        return body;
    }

    /** Whether any byte of a response has been seen and the response is not done. */
    public boolean inMessage() {
        return state != State.DONE && (state != State.HEAD || scanner.started());
    }

    /** Prepares for the next response on the same connection (or the final one after an interim response). */
    public void reset() {
        state = State.HEAD;
        scanner.reset();
        status = 0;
        reason = null;
        minor = 0;
        head = null;
        remaining = 0;
        bodyReceived = 0;
        body = null;
    }

    /**
     * Consumes bytes from {@code in} (from its position to its limit) and reports what happened.
     *
     * @throws BadResponseException when the bytes break HTTP/1.1 or a limit
     * @throws IllegalStateException when called after {@link Event#DONE} without {@link #reset()}, or after a failure
     */
    public Event parse(ByteBuffer in) {
        if (!in.hasArray()) {
            throw new IllegalArgumentException("the parser reads array-backed buffers only");
        }
        try {
            for (;;) {
                switch (state) {
                    case HEAD:
                        return scanHead(in);
                    case BODY_FIXED: {
                        if (!in.hasRemaining()) {
                            return Event.NEED_MORE;
                        }
                        sliceBody(in, remaining);
                        remaining -= body.remaining();
                        if (remaining == 0) {
                            state = State.COMPLETE;
                        }
                        return Event.BODY;
                    }
                    case BODY_UNTIL_CLOSE: {
                        if (!in.hasRemaining()) {
                            return Event.NEED_MORE;
                        }
                        long allowed = limits.maxBodySize() - bodyReceived;
                        if (allowed == 0) {
                            throw new BadResponseException(ResponseViolation.BODY_TOO_LARGE, "limit " + limits.maxBodySize());
                        }
                        // up to the limit first, so the bytes reported do not depend on how the input was split
                        int n = (int) Math.min(allowed, in.remaining());
                        bodyReceived += n;
                        sliceBody(in, n);
                        return Event.BODY;
                    }
                    case CHUNKED: {
                        ByteBuffer data = chunked.decode(in);
                        if (data != null) {
                            body = data;
                            return Event.BODY;
                        }
                        if (!chunked.complete()) {
                            return Event.NEED_MORE;
                        }
                        state = State.COMPLETE;
                        continue;
                    }
                    case COMPLETE:
                        state = State.DONE;
                        return Event.DONE;
                    case DONE:
                        throw new IllegalStateException("the response is complete: call reset() before parsing the next one");
                    default:
                        throw new IllegalStateException("the parser failed before; the connection must be closed");
                }
            }
        } catch (BadResponseException e) {
            state = State.FAILED;
            throw e;
        }
    }

    /**
     * The connection reached end of stream after everything was parsed. Returns {@link Event#DONE} when that ends
     * the response (a body that runs until close, or a response already complete).
     *
     * @throws BadResponseException {@link ResponseViolation#TRUNCATED_HEAD} or {@link ResponseViolation#TRUNCATED_BODY}
     */
    public Event eof() {
        switch (state) {
            case BODY_UNTIL_CLOSE, COMPLETE:
                state = State.DONE;
                return Event.DONE;
            case HEAD: {
                boolean started = inMessage();
                state = State.FAILED;
                throw new BadResponseException(ResponseViolation.TRUNCATED_HEAD, started ? null : "no byte of a response arrived");
            }
            case DONE:
                throw new IllegalStateException("the response is complete: call reset() before parsing the next one");
            case FAILED:
                throw new IllegalStateException("the parser failed before; the connection must be closed");
            default:
                state = State.FAILED;
                throw new BadResponseException(ResponseViolation.TRUNCATED_BODY, head.chunked() ? "in a chunked body"
                        : remaining + " of " + head.contentLength() + " bytes missing");
        }
    }

    // ---------------------------------------------------------------- head

    private Event scanHead(ByteBuffer in) {
        for (;;) {
            switch (scanner.scan(in)) {
                case START_LINE -> statusLine(in.array(), scanner.from(), scanner.to());
                case END -> {
                    head = semantics(HeadScanner.fields(in.array(), scanner.from(), scanner.to(), scanner.fieldLines(), faults));
                    return Event.HEAD;
                }
                default -> {
                    return Event.NEED_MORE;
                }
            }
        }
    }

    /** {@code HTTP/1.x SP 3DIGIT [SP reason]} in {@code a[s, e)}, the line without its terminator. */
    private void statusLine(byte[] a, int s, int e) {
        if (e - s < 8 || a[s] != 'H' || a[s + 1] != 'T' || a[s + 2] != 'T' || a[s + 3] != 'P' || a[s + 4] != '/'
                || a[s + 6] != '.' || !isDigit(a[s + 5]) || !isDigit(a[s + 7])) {
            checkNoCr(a, s, e);
            throw new BadResponseException(e - s >= 5 && a[s] == 'H' && a[s + 4] == '/' ? ResponseViolation.INVALID_VERSION
                    : ResponseViolation.INVALID_STATUS_LINE, "'" + text(a, s, Math.min(e, s + 40)) + "'");
        }
        if (a[s + 5] != '1') {
            throw new BadResponseException(ResponseViolation.UNSUPPORTED_VERSION, "HTTP/" + (char) a[s + 5] + "." + (char) a[s + 7]);
        }
        minor = a[s + 7] == '0' ? 0 : 1;
        int p = s + 8;
        if (p == e || a[p] != ' ') {
            checkNoCr(a, p, e);
            throw new BadResponseException(ResponseViolation.INVALID_STATUS_LINE, "no space after the version");
        }
        p++;
        if (e - p < 3 || !isDigit(a[p]) || !isDigit(a[p + 1]) || !isDigit(a[p + 2]) || (e - p > 3 && isDigit(a[p + 3]))) {
            checkNoCr(a, p, e);
            throw new BadResponseException(ResponseViolation.INVALID_STATUS_CODE, "'" + text(a, p, Math.min(e, p + 8)) + "'");
        }
        int code = (a[p] - '0') * 100 + (a[p + 1] - '0') * 10 + (a[p + 2] - '0');
        if (code < 100 || code > 599) {
            throw new BadResponseException(ResponseViolation.INVALID_STATUS_CODE, Integer.toString(code));
        }
        status = code;
        p += 3;
        if (p == e) {
            reason = ""; // "HTTP/1.1 200": tolerated, see the class comment
            return;
        }
        if (a[p] != ' ') {
            checkNoCr(a, p, e);
            throw new BadResponseException(ResponseViolation.INVALID_STATUS_LINE, "no space after the status code");
        }
        p++;
        for (int k = p; k < e; k++) {
            if (!Chars.isFieldValue(a[k])) {
                throw new BadResponseException(a[k] == '\r' ? ResponseViolation.BARE_CR : ResponseViolation.INVALID_STATUS_LINE,
                        "byte 0x" + Integer.toHexString(a[k] & 0xff) + " in the reason phrase");
            }
        }
        reason = e - p == 2 && a[p] == 'O' && a[p + 1] == 'K' ? OK : text(a, p, e);
    }

    private static void checkNoCr(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] == '\r') {
                throw new BadResponseException(ResponseViolation.BARE_CR, null);
            }
        }
    }

    /** Reads the framing and connection headers, decides how the body is delimited and moves to its state. */
    private ResponseHead semantics(Headers headers) {
        FramingFields framing = new FramingFields(faults);
        for (int k = 0, n = headers.size(); k < n; k++) {
            framing.read(headers.name(k), headers.value(k));
        }
        framing.check(minor, headers);
        long contentLength = framing.contentLength();
        boolean keepAlive = framing.persistent(minor);
        boolean noBody = status < 200 || status == 204 || status == 304 || method.equals("HEAD")
                || (status < 300 && method.equals("CONNECT"));
        if (noBody) {
            state = State.COMPLETE;
            return new ResponseHead(status, reason, minor, headers, 0, false, keepAlive);
        }
        if (framing.chunked()) {
            if (chunked == null) {
                chunked = new ChunkedDecoder(limits, faults);
            }
            chunked.start(scanner.fieldLines());
            state = State.CHUNKED;
            return new ResponseHead(status, reason, minor, headers, -1, true, keepAlive);
        }
        if (contentLength >= 0) {
            if (contentLength > limits.maxBodySize()) {
                throw new BadResponseException(ResponseViolation.BODY_TOO_LARGE, contentLength + " bytes, limit " + limits.maxBodySize());
            }
            remaining = contentLength;
            state = contentLength == 0 ? State.COMPLETE : State.BODY_FIXED;
            return new ResponseHead(status, reason, minor, headers, contentLength, false, keepAlive);
        }
        state = State.BODY_UNTIL_CLOSE;
        return new ResponseHead(status, reason, minor, headers, -1, false, false);
    }

    // ---------------------------------------------------------------- body

    private void sliceBody(ByteBuffer in, long max) {
        int n = (int) Math.min(max, in.remaining());
        int p = in.position();
        body = in.slice(p, n);
        in.position(p + n);
    }


    // ---------------------------------------------------------------- helpers

    /**
     * How the faults found by the shared parts ({@link HeadScanner}, {@link FieldLine}, {@link FramingFields},
     * {@link ChunkedDecoder}, {@link ContentLength}) read as response violations under {@code compliance}: made once per compliance mode, not
     * per parser (there is a parser per connection).
     */
    private static Faults faults(Compliance compliance) {
        return (fault, detail) -> {
            ResponseViolation v = switch (fault) {
                case OBS_FOLD -> ResponseViolation.OBS_FOLD;
                case WHITESPACE_BEFORE_COLON -> ResponseViolation.WHITESPACE_BEFORE_COLON;
                case BARE_CR -> ResponseViolation.BARE_CR;
                case INVALID_FIELD_NAME -> ResponseViolation.INVALID_HEADER_NAME;
                case INVALID_FIELD_VALUE -> ResponseViolation.INVALID_HEADER_VALUE;
                case LF_LINE_TERMINATOR -> ResponseViolation.LF_LINE_TERMINATOR;
                case START_LINE_TOO_LONG -> ResponseViolation.STATUS_LINE_TOO_LONG;
                case CHUNK_SIZE -> ResponseViolation.INVALID_CHUNK_SIZE;
                case CHUNK_FRAMING -> ResponseViolation.INVALID_CHUNK_FRAMING;
                case BODY_TOO_LARGE -> ResponseViolation.BODY_TOO_LARGE;
                case FIELDS_TOO_LARGE -> ResponseViolation.HEADERS_TOO_LARGE;
                case TOO_MANY_FIELDS -> ResponseViolation.TOO_MANY_HEADERS;
                case INVALID_CONTENT_LENGTH -> ResponseViolation.INVALID_CONTENT_LENGTH;
                case CONFLICTING_CONTENT_LENGTH -> ResponseViolation.CONFLICTING_CONTENT_LENGTH;
                case DUPLICATE_CONTENT_LENGTH -> ResponseViolation.DUPLICATE_CONTENT_LENGTH;
                case TRANSFER_ENCODING_IN_HTTP_1_0 -> ResponseViolation.TRANSFER_ENCODING_IN_HTTP_1_0;
                case TRANSFER_ENCODING_WITH_CONTENT_LENGTH -> ResponseViolation.TRANSFER_ENCODING_WITH_CONTENT_LENGTH;
                case UNSUPPORTED_TRANSFER_ENCODING -> ResponseViolation.UNSUPPORTED_TRANSFER_ENCODING;
            };
            return fault.tolerable() && tolerated(v, compliance) ? null : new BadResponseException(v, detail);
        };
    }

    private static boolean tolerated(ResponseViolation v, Compliance compliance) {
        return v.tolerance() != null && compliance.allows(v.tolerance());
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static String text(byte[] a, int from, int to) {
        return new String(a, from, to - from, ISO_8859_1);
    }
}
