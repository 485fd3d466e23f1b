package io.hayate.http;

/**
 * Every way a request can break HTTP/1.1, with the status it is answered with. This is the one table that maps a
 * protocol error to a status code; the connection is closed after every one of these answers, because a peer that
 * framed one message wrongly cannot be trusted to frame the next.
 *
 * <p>A few entries are <em>tolerable</em>: a {@link Compliance} mode may opt into accepting them (as Jetty's
 * {@code HttpCompliance} does). {@link Compliance#STRICT}, the default, accepts none.
 */
public enum Violation {
    /** A line ended with a bare LF instead of CRLF (RFC 9112 §2.2). Tolerable. */
    LF_LINE_TERMINATOR(400, "9112 §2.2", "line ended with LF without CR", true),
    /** A CR that is not followed by LF inside the head (RFC 9112 §2.2). */
    BARE_CR(400, "9112 §2.2", "bare CR in the message head", false),
    /** The request line is not {@code method SP target SP version}. */
    INVALID_REQUEST_LINE(400, "9112 §3", "malformed request line", false),
    /** The method is not a token. */
    INVALID_METHOD(400, "9112 §3.1", "malformed method", false),
    /** The request target has bytes a URI cannot hold, a bad form or a bad percent-encoding. */
    INVALID_TARGET(400, "9112 §3.2", "malformed request target", false),
    /** The path holds an encoded slash, an encoded NUL, or a {@code ..} above the root. */
    AMBIGUOUS_PATH(400, "3986 §3.3", "ambiguous or escaping path", false),
    /** The version is not {@code HTTP/DIGIT.DIGIT}. */
    INVALID_VERSION(400, "9112 §2.3", "malformed HTTP version", false),
    /** A header line without a colon, or with an empty or non-token name. */
    INVALID_HEADER_NAME(400, "9112 §5", "malformed header field name", false),
    /** Whitespace between a header name and its colon (RFC 9112 §5.1: MUST be rejected). Tolerable. */
    WHITESPACE_BEFORE_COLON(400, "9112 §5.1", "whitespace between header name and colon", true),
    /** A header line starting with whitespace: obsolete line folding (RFC 9112 §5.2). */
    OBS_FOLD(400, "9112 §5.2", "obsolete line folding", false),
    /** A header value with NUL, bare CR, LF or another control byte. */
    INVALID_HEADER_VALUE(400, "9110 §5.5", "invalid byte in header field value", false),
    /** An HTTP/1.1 request without Host (RFC 9112 §3.2). */
    MISSING_HOST(400, "9112 §3.2", "missing Host header", false),
    /** More than one Host header (RFC 9112 §3.2). */
    DUPLICATE_HOST(400, "9112 §3.2", "more than one Host header", false),
    /** Content-Length that is not a plain non-negative decimal number. */
    INVALID_CONTENT_LENGTH(400, "9112 §6.3", "malformed Content-Length", false),
    /** Several Content-Length fields or list members that agree. Tolerable. */
    DUPLICATE_CONTENT_LENGTH(400, "9112 §6.3", "repeated Content-Length", true),
    /** Several Content-Length fields that disagree: the request-smuggling case. */
    CONFLICTING_CONTENT_LENGTH(400, "9112 §6.3", "conflicting Content-Length values", false),
    /** Content-Length together with Transfer-Encoding: the other request-smuggling case. */
    TRANSFER_ENCODING_WITH_CONTENT_LENGTH(400, "9112 §6.1", "Transfer-Encoding together with Content-Length", false),
    /** Transfer-Encoding that is not exactly one final {@code chunked}. */
    UNSUPPORTED_TRANSFER_ENCODING(400, "9112 §6.1", "Transfer-Encoding other than a single chunked", false),
    /** Transfer-Encoding in an HTTP/1.0 request (RFC 9112 §6.1: the framing is faulty). */
    TRANSFER_ENCODING_IN_HTTP_1_0(400, "9112 §6.1", "Transfer-Encoding in an HTTP/1.0 request", false),
    /** A chunk size that is not hex, is too big, or has a malformed extension. */
    INVALID_CHUNK_SIZE(400, "9112 §7.1", "malformed chunk size", false),
    /** Chunk data not followed by CRLF, or a malformed trailer section. */
    INVALID_CHUNK_FRAMING(400, "9112 §7.1", "malformed chunk framing", false),
    /** An {@code Expect} other than {@code 100-continue} (RFC 9110 §10.1.1). */
    UNSUPPORTED_EXPECTATION(417, "9110 §10.1.1", "unsupported expectation", false),
    /** No complete head arrived within the header-read timeout. */
    HEADER_TIMEOUT(408, "9110 §15.5.9", "request head not received in time", false),
    /** The body exceeds the configured maximum (decided from Content-Length before reading it when known). */
    BODY_TOO_LARGE(413, "9110 §15.5.14", "request body too large", false),
    /** The request line exceeds the configured maximum. */
    REQUEST_LINE_TOO_LONG(414, "9110 §15.5.15", "request line too long", false),
    /** The header section exceeds the configured maximum size. */
    HEADERS_TOO_LARGE(431, "6585 §5", "request header section too large", false),
    /** More header fields than the configured maximum. */
    TOO_MANY_HEADERS(431, "6585 §5", "too many header fields", false),
    /** A major version other than 1, or none at all: an HTTP/0.9 request line ({@code GET /}). */
    UNSUPPORTED_VERSION(505, "9110 §15.6.6", "HTTP version not supported", false);

    private final int status;
    private final String rfc;
    private final String description;
    private final boolean tolerable;

    Violation(int status, String rfc, String description, boolean tolerable) {
        this.status = status;
        this.rfc = rfc;
        this.description = description;
        this.tolerable = tolerable;
    }

    /** The status code the request is answered with. */
    public int status() {
        return status;
    }

    /** The RFC section that the request breaks, e.g. {@code "9112 §6.1"}. */
    public String rfc() {
        return rfc;
    }

    /** A short text for logs and for the body of the error answer. */
    public String description() {
        return description;
    }

    /** Whether a {@link Compliance} mode may choose to accept this deviation. */
    public boolean tolerable() {
        return tolerable;
    }
}
