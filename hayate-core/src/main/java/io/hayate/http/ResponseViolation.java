package io.hayate.http;

/**
 * Every way a response can break HTTP/1.1 or a client's limits, as {@link ResponseParser} and the client report it.
 * A response with any of these is rejected and its connection discarded: a server that framed one message wrongly
 * cannot be trusted to frame the next.
 *
 * <p>A few entries are <em>tolerable</em>: they share a {@link Violation} with the request side, and a
 * {@link Compliance} mode that allows that violation accepts them in responses too ({@link #tolerance()}), so one
 * compliance setting governs both directions. {@link Compliance#STRICT}, the default, accepts none.
 */
public enum ResponseViolation {
    /** A line ended with a bare LF instead of CRLF (RFC 9112 §2.2). Tolerable via {@link Violation#LF_LINE_TERMINATOR}. */
    LF_LINE_TERMINATOR("9112 §2.2", "line ended with LF without CR", Violation.LF_LINE_TERMINATOR),
    /** A CR not followed by LF inside the head (RFC 9112 §2.2). */
    BARE_CR("9112 §2.2", "bare CR in the response head", null),
    /** The status line is not {@code HTTP-version SP status-code [SP reason]}. */
    INVALID_STATUS_LINE("9112 §4", "malformed status line", null),
    /** The version is not {@code HTTP/DIGIT.DIGIT}. */
    INVALID_VERSION("9112 §2.3", "malformed HTTP version", null),
    /** A major version other than 1. */
    UNSUPPORTED_VERSION("9110 §6.2", "HTTP version not supported", null),
    /** The status code is not three digits from 100 to 599 (RFC 9110 §15). */
    INVALID_STATUS_CODE("9110 §15", "invalid status code", null),
    /** A header line without a colon, or with an empty or non-token name. */
    INVALID_HEADER_NAME("9112 §5", "malformed header field name", null),
    /** Whitespace between a header name and its colon. Tolerable via {@link Violation#WHITESPACE_BEFORE_COLON}. */
    WHITESPACE_BEFORE_COLON("9112 §5.1", "whitespace between header name and colon", Violation.WHITESPACE_BEFORE_COLON),
    /** A header line starting with whitespace: obsolete line folding (RFC 9112 §5.2). */
    OBS_FOLD("9112 §5.2", "obsolete line folding", null),
    /** A header value with NUL, bare CR, LF or another control byte. */
    INVALID_HEADER_VALUE("9110 §5.5", "invalid byte in header field value", null),
    /** Content-Length that is not a plain non-negative decimal number. */
    INVALID_CONTENT_LENGTH("9112 §6.3", "malformed Content-Length", null),
    /** Several Content-Length values that agree. Tolerable via {@link Violation#DUPLICATE_CONTENT_LENGTH}. */
    DUPLICATE_CONTENT_LENGTH("9112 §6.3", "repeated Content-Length", Violation.DUPLICATE_CONTENT_LENGTH),
    /** Several Content-Length values that disagree: the response-splitting case. */
    CONFLICTING_CONTENT_LENGTH("9112 §6.3", "conflicting Content-Length values", null),
    /** Content-Length together with Transfer-Encoding (RFC 9112 §6.3 item 3: "ought to be handled as an error"). */
    TRANSFER_ENCODING_WITH_CONTENT_LENGTH("9112 §6.3", "Transfer-Encoding together with Content-Length", null),
    /** Transfer-Encoding that is not exactly one final {@code chunked}. */
    UNSUPPORTED_TRANSFER_ENCODING("9112 §6.1", "Transfer-Encoding other than a single chunked", null),
    /** Transfer-Encoding in an HTTP/1.0 response (RFC 9112 §6.1: the framing is faulty). */
    TRANSFER_ENCODING_IN_HTTP_1_0("9112 §6.1", "Transfer-Encoding in an HTTP/1.0 response", null),
    /** A chunk size that is not hex, is too big, or has a malformed extension. */
    INVALID_CHUNK_SIZE("9112 §7.1", "malformed chunk size", null),
    /** Chunk data not followed by CRLF. */
    INVALID_CHUNK_FRAMING("9112 §7.1", "malformed chunk framing", null),
    /** The status line is longer than {@link HttpLimits#maxRequestLine()} (which bounds start lines both ways). */
    STATUS_LINE_TOO_LONG("9112 §4", "status line too long", null),
    /** The header section (or the trailer section) exceeds {@link HttpLimits#maxHeaderSize()}. */
    HEADERS_TOO_LARGE("9112 §5", "response header section too large", null),
    /** More header fields than {@link HttpLimits#maxHeaderCount()}. */
    TOO_MANY_HEADERS("9112 §5", "too many header fields", null),
    /** The body (as received, or after decompression) exceeds the configured maximum. */
    BODY_TOO_LARGE("9110 §8.6", "response body too large", null),
    /** The connection closed before the head was complete (or before any byte of a response). */
    TRUNCATED_HEAD("9112 §8", "connection closed before the response head was complete", null),
    /** The connection closed before the body ended: fewer bytes than Content-Length, or an unfinished chunked body. */
    TRUNCATED_BODY("9112 §8", "connection closed before the end of the response body", null),
    /**
     * Bytes arrived that belong to no request: after a complete response (a body longer than its Content-Length says)
     * or on an idle connection.
     */
    UNEXPECTED_DATA("9112 §9.3", "bytes after the end of the response (body longer than Content-Length?)", null),
    /** A {@code 101 Switching Protocols} that nobody asked for. */
    UNEXPECTED_UPGRADE("9110 §15.2.2", "101 Switching Protocols without an Upgrade request", null),
    /** A compressed body that cannot be decompressed with its Content-Encoding. */
    BAD_CONTENT_ENCODING("9110 §8.4", "body does not decode with its Content-Encoding", null);

    private final String rfc;
    private final String description;
    private final Violation tolerance;

    ResponseViolation(String rfc, String description, Violation tolerance) {
        this.rfc = rfc;
        this.description = description;
        this.tolerance = tolerance;
    }

    /** The RFC section the response breaks, e.g. {@code "9112 §6.1"}. */
    public String rfc() {
        return rfc;
    }

    /** A short text for messages and logs. */
    public String description() {
        return description;
    }

    /**
     * The request-side {@link Violation} whose presence in a {@link Compliance} makes the parser accept this one, or
     * {@code null} when it is rejected in every mode.
     */
    public Violation tolerance() {
        return tolerance;
    }

    /** Whether a {@link Compliance} mode may choose to accept this deviation. */
    public boolean tolerable() {
        return tolerance != null;
    }
}
