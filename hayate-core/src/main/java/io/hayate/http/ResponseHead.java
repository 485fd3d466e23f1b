package io.hayate.http;

/**
 * The parsed status line and header section of a response.
 *
 * @param status        the status code, 100–599
 * @param reason        the reason phrase, possibly empty (clients should ignore it, RFC 9112 §4)
 * @param minorVersion  0 for HTTP/1.0, 1 for HTTP/1.1 (and for HTTP/1.x with x &gt; 1)
 * @param headers       the header fields in order
 * @param contentLength how many body bytes follow: 0 when the response has none (HEAD, 1xx, 204, 304, or
 *                      {@code Content-Length: 0}), -1 when the body is chunked or runs until the connection closes
 * @param chunked       whether the body uses chunked transfer coding
 * @param keepAlive     whether the connection may carry another request after this response
 */
public record ResponseHead(int status, String reason, int minorVersion, Headers headers, long contentLength,
                           boolean chunked, boolean keepAlive) {

    /** Whether body bytes follow the head. */
    public boolean hasBody() {
        return chunked || contentLength != 0;
    }

    /** Whether the body ends only when the server closes the connection (no Content-Length, not chunked). */
    public boolean untilClose() {
        return !chunked && contentLength < 0;
    }

    /** Whether this is an interim (1xx) response that a final one follows. */
    public boolean interim() {
        return status < 200;
    }

    /** {@code "HTTP/1.0"} or {@code "HTTP/1.1"}. */
    public String version() {
        return minorVersion == 0 ? "HTTP/1.0" : "HTTP/1.1";
    }
}
