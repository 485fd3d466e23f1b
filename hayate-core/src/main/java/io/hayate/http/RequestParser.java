package io.hayate.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.nio.ByteBuffer;

/**
 * A strict, incremental HTTP/1.1 request parser: a state machine over {@link ByteBuffer}s, with no sockets and no
 * threads.
 *
 * <p>Feed it bytes with {@link #parse}; each call consumes what it can and returns one {@link Event}:
 * <ul>
 *   <li>{@link Event#NEED_MORE}: nothing more can be done with these bytes. Bytes of an unfinished head are
 *       <em>not</em> consumed: keep everything from {@code position()} on and call again with more appended.</li>
 *   <li>{@link Event#HEAD}: the head was consumed; {@link #head()} has it.</li>
 *   <li>{@link Event#BODY}: {@link #body()} is a slice of the input holding the next body bytes (chunked framing
 *       removed); it is valid until the caller reuses the input buffer.</li>
 *   <li>{@link Event#DONE}: the message is complete. Call {@link #reset()} before the next one (keep-alive).</li>
 * </ul>
 * A request that breaks HTTP/1.1 or a limit raises {@link BadMessageException}, whose {@link Violation} names the
 * status to answer with. After that the parser is spent: the connection must be closed.
 *
 * <p>Limits ({@link HttpLimits}) are checked at the byte where they are crossed, so no unbounded buffering happens
 * before a 414 or 431; the body limit is decided from {@code Content-Length} before any body byte is read.
 *
 * <p><b>Threading.</b> One instance per connection, used by one thread at a time. The input must be array-backed.
 */
public final class RequestParser {

    /** What one call to {@link #parse} produced. */
    public enum Event { NEED_MORE, HEAD, BODY, DONE }

    private enum State { HEAD, BODY_FIXED, CHUNKED, COMPLETE, DONE, FAILED }

    private static final String GET = "GET";
    private static final String HEAD = "HEAD";
    private static final String POST = "POST";
    private static final String PUT = "PUT";
    private static final String DELETE = "DELETE";
    private static final String OPTIONS = "OPTIONS";
    private static final String PATCH = "PATCH";

    private static final Faults STRICT_FAULTS = faults(Compliance.STRICT);

    private final HttpLimits limits;
    private final Faults faults;
    private final HeadScanner scanner;

    private State state = State.HEAD;
    // The request line, parsed when its LF arrives.
    private String method;
    private String target;
    private int minor;
    // The message.
    private RequestHead head;
    private long remaining;
    private ChunkedDecoder chunked; // made for the first chunked body
    private ByteBuffer body;

    public RequestParser(HttpLimits limits, Compliance compliance) {
        this.limits = limits;
        this.faults = compliance == Compliance.STRICT ? STRICT_FAULTS : faults(compliance);
        this.scanner = new HeadScanner(limits, faults, true);
    }

    /** A strict parser with default limits. */
    public RequestParser() {
        this(HttpLimits.DEFAULTS, Compliance.STRICT);
    }

    /** The head of the current message; valid from {@link Event#HEAD} until {@link #reset()}. */
    public RequestHead head() {
        return head;
    }

    /** The body bytes of the last {@link Event#BODY}. */
    public ByteBuffer body() {
        return body;
    }

    /** Whether part of a message has been seen (bytes scanned or consumed) and the message is not done. */
    public boolean inMessage() {
        return state != State.DONE && (state != State.HEAD || scanner.started());
    }

    /** Whether the head is complete and the body is still being received. */
    public boolean inBody() {
        return state == State.BODY_FIXED || state == State.CHUNKED || state == State.COMPLETE;
    }

    /** Prepares for the next message on the same connection. */
    public void reset() {
        state = State.HEAD;
        scanner.reset();
        method = null;
        target = null;
        minor = 0;
        head = null;
        remaining = 0;
        body = null;
    }

    /**
     * Consumes bytes from {@code in} (from its position to its limit) and reports what happened.
     *
     * @throws BadMessageException when the bytes break HTTP/1.1 or a limit
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
                        sliceBody(in);
                        if (remaining == 0) {
                            state = State.COMPLETE;
                        }
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
                        throw new IllegalStateException("the message is complete: call reset() before parsing the next one");
                    default:
                        throw new IllegalStateException("the parser failed before; the connection must be closed");
                }
            }
        } catch (BadMessageException e) {
            state = State.FAILED;
            throw e;
        }
    }

    // ---------------------------------------------------------------- head

    private Event scanHead(ByteBuffer in) {
        for (;;) {
            switch (scanner.scan(in)) {
                case START_LINE -> requestLine(in.array(), scanner.from(), scanner.to());
                case END -> {
                    Headers headers = HeadScanner.fields(in.array(), scanner.from(), scanner.to(), scanner.fieldLines(), faults);
                    head = semantics(method, target, minor, headers);
                    startBody();
                    return Event.HEAD;
                }
                default -> {
                    return Event.NEED_MORE;
                }
            }
        }
    }

    private void startBody() {
        if (head.chunked()) {
            if (chunked == null) {
                chunked = new ChunkedDecoder(limits, faults);
            }
            chunked.start(scanner.fieldLines());
            state = State.CHUNKED;
        } else if (head.contentLength() > 0) {
            remaining = head.contentLength();
            state = State.BODY_FIXED;
        } else {
            state = State.COMPLETE;
        }
    }

    /**
     * Parses the request line in {@code a[start, rlContentEnd)}, without its terminator, as soon as its LF arrives, so
     * a bad line or version is answered without waiting for the headers (an HTTP/0.9 client never sends any).
     */
    private void requestLine(byte[] a, int start, int rlContentEnd) {
        // request line: method SP target SP version
        int i = start;
        while (i < rlContentEnd && Chars.isTchar(a[i])) {
            i++;
        }
        if (i == start || i == rlContentEnd || a[i] != ' ') {
            throw new BadMessageException(i < rlContentEnd && a[i] == '\r' ? Violation.BARE_CR
                    : i == start || (i < rlContentEnd && a[i] != ' ') ? Violation.INVALID_METHOD : Violation.INVALID_REQUEST_LINE, null);
        }
        method = method(a, start, i);
        int ts = ++i;
        boolean query = false;
        while (i < rlContentEnd && a[i] != ' ') {
            query |= a[i] == '?';
            if (!Chars.isTarget(a[i])) {
                throw new BadMessageException(a[i] == '\r' ? Violation.BARE_CR : Violation.INVALID_TARGET,
                        "byte 0x" + Integer.toHexString(a[i] & 0xff));
            }
            i++;
        }
        if (i == ts) {
            throw new BadMessageException(Violation.INVALID_REQUEST_LINE, null);
        }
        if (i == rlContentEnd) { // "GET /": an HTTP/0.9 request, a version we do not speak (as Jetty answers it)
            throw new BadMessageException(Violation.UNSUPPORTED_VERSION, "HTTP/0.9");
        }
        target = SharedStrings.target(a, ts, i, query);
        minor = version(a, i + 1, rlContentEnd);
    }

    private static String method(byte[] a, int from, int to) {
        int len = to - from;
        if (len == 3 && a[from] == 'G' && a[from + 1] == 'E' && a[from + 2] == 'T') return GET;
        String m = new String(a, from, len, ISO_8859_1);
        return switch (m) {
            case "HEAD" -> HEAD;
            case "POST" -> POST;
            case "PUT" -> PUT;
            case "DELETE" -> DELETE;
            case "OPTIONS" -> OPTIONS;
            case "PATCH" -> PATCH;
            default -> m;
        };
    }

    /** {@code HTTP/DIGIT.DIGIT} exactly; returns the minor version to serve (0 or 1). */
    private static int version(byte[] a, int from, int to) {
        if (to - from != 8 || a[from] != 'H' || a[from + 1] != 'T' || a[from + 2] != 'T' || a[from + 3] != 'P'
                || a[from + 4] != '/' || a[from + 6] != '.' || !isDigit(a[from + 5]) || !isDigit(a[from + 7])) {
            for (int i = from; i < to; i++) {
                if (a[i] == '\r') {
                    throw new BadMessageException(Violation.BARE_CR, null);
                }
            }
            throw new BadMessageException(Violation.INVALID_VERSION, new String(a, from, Math.min(to - from, 32), ISO_8859_1));
        }
        if (a[from + 5] != '1') {
            throw new BadMessageException(Violation.UNSUPPORTED_VERSION, "HTTP/" + (char) a[from + 5] + "." + (char) a[from + 7]);
        }
        return a[from + 7] == '0' ? 0 : 1; // HTTP/1.2 and later minor versions are served as 1.1 (RFC 9110 §6.2)
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private RequestHead semantics(String method, String target, int minor, Headers headers) {
        int hosts = 0;
        FramingFields framing = new FramingFields(faults);
        String expect = null;
        String upgrade = null;
        for (int k = 0, n = headers.size(); k < n; k++) {
            String name = headers.name(k);
            String value = headers.value(k);
            if (framing.read(name, value)) {
                continue;
            }
            if (name == HeaderNames.HOST) {
                hosts++;
            } else if (name == HeaderNames.EXPECT) {
                // every Expect field counts: one we cannot meet is answered 417 even if a later one says 100-continue
                if (expect == null || expect.equalsIgnoreCase("100-continue")) {
                    expect = value;
                }
            } else if (name == HeaderNames.UPGRADE) {
                upgrade = value;
            }
        }
        framing.check(minor, headers);
        long contentLength = framing.contentLength();
        if (hosts > 1) {
            throw new BadMessageException(Violation.DUPLICATE_HOST, null);
        }
        if (hosts == 0 && minor == 1) {
            throw new BadMessageException(Violation.MISSING_HOST, null);
        }
        if (contentLength > limits.maxBodySize()) {
            throw new BadMessageException(Violation.BODY_TOO_LARGE, contentLength + " bytes, limit " + limits.maxBodySize());
        }
        boolean expectContinue = false;
        if (expect != null && minor == 1) { // RFC 9110 §10.1.1: an HTTP/1.0 expectation is ignored
            if (!expect.equalsIgnoreCase("100-continue")) {
                throw new BadMessageException(Violation.UNSUPPORTED_EXPECTATION, expect);
            }
            expectContinue = true;
        }
        boolean chunked = framing.chunked();
        String[] pathAndQuery = splitTarget(method, target);
        return new RequestHead(method, target, pathAndQuery[0], pathAndQuery[1], minor, headers,
                chunked ? -1 : contentLength, chunked, framing.persistent(minor),
                expectContinue && (chunked || contentLength > 0), framing.upgrade() ? upgrade : null);
    }

    /** Splits a target into raw path and raw query, accepting origin-form, absolute-form, {@code *} and authority-form. */
    private static String[] splitTarget(String method, String target) {
        String rest;
        char first = target.charAt(0);
        if (first == '/') {
            rest = target;
        } else if (target.equals("*")) {
            if (method != OPTIONS) {
                throw new BadMessageException(Violation.INVALID_TARGET, "'*' is for OPTIONS only");
            }
            return new String[] {"*", null};
        } else if (method.equals("CONNECT")) {
            return new String[] {target, null};
        } else {
            int scheme = target.indexOf("://");
            if (scheme <= 0 || !(target.regionMatches(true, 0, "http", 0, scheme)
                    || target.regionMatches(true, 0, "https", 0, scheme)) || (scheme != 4 && scheme != 5)) {
                throw new BadMessageException(Violation.INVALID_TARGET, "not origin-form or absolute-form");
            }
            int slash = target.indexOf('/', scheme + 3);
            int q = target.indexOf('?', scheme + 3);
            if (slash < 0 || (q >= 0 && q < slash)) {
                rest = "/" + (q >= 0 ? target.substring(q) : "");
            } else {
                rest = target.substring(slash);
            }
        }
        int q = rest.indexOf('?');
        return q < 0 ? new String[] {rest, null} : new String[] {rest.substring(0, q), rest.substring(q + 1)};
    }

    // ---------------------------------------------------------------- body

    private void sliceBody(ByteBuffer in) {
        int n = (int) Math.min(remaining, in.remaining());
        int p = in.position();
        body = in.slice(p, n);
        in.position(p + n);
        remaining -= n;
    }


    // ---------------------------------------------------------------- helpers

    /**
     * How the faults found by the shared parts ({@link HeadScanner}, {@link FieldLine}, {@link FramingFields},
     * {@link ChunkedDecoder}, {@link ContentLength}) read as request violations under {@code compliance}: made once per compliance mode, not
     * per parser (there is a parser per connection).
     */
    private static Faults faults(Compliance compliance) {
        return (fault, detail) -> {
            Violation v = switch (fault) {
                case OBS_FOLD -> Violation.OBS_FOLD;
                case WHITESPACE_BEFORE_COLON -> Violation.WHITESPACE_BEFORE_COLON;
                case BARE_CR -> Violation.BARE_CR;
                case INVALID_FIELD_NAME -> Violation.INVALID_HEADER_NAME;
                case INVALID_FIELD_VALUE -> Violation.INVALID_HEADER_VALUE;
                case LF_LINE_TERMINATOR -> Violation.LF_LINE_TERMINATOR;
                case START_LINE_TOO_LONG -> Violation.REQUEST_LINE_TOO_LONG;
                case CHUNK_SIZE -> Violation.INVALID_CHUNK_SIZE;
                case CHUNK_FRAMING -> Violation.INVALID_CHUNK_FRAMING;
                case BODY_TOO_LARGE -> Violation.BODY_TOO_LARGE;
                case FIELDS_TOO_LARGE -> Violation.HEADERS_TOO_LARGE;
                case TOO_MANY_FIELDS -> Violation.TOO_MANY_HEADERS;
                case INVALID_CONTENT_LENGTH -> Violation.INVALID_CONTENT_LENGTH;
                case CONFLICTING_CONTENT_LENGTH -> Violation.CONFLICTING_CONTENT_LENGTH;
                case DUPLICATE_CONTENT_LENGTH -> Violation.DUPLICATE_CONTENT_LENGTH;
                case TRANSFER_ENCODING_IN_HTTP_1_0 -> Violation.TRANSFER_ENCODING_IN_HTTP_1_0;
                case TRANSFER_ENCODING_WITH_CONTENT_LENGTH -> Violation.TRANSFER_ENCODING_WITH_CONTENT_LENGTH;
                case UNSUPPORTED_TRANSFER_ENCODING -> Violation.UNSUPPORTED_TRANSFER_ENCODING;
            };
            return fault.tolerable() && compliance.allows(v) ? null : new BadMessageException(v, detail);
        };
    }
}
