package io.hayate.http;

/**
 * The parsed start line and header section of a request.
 *
 * @param method         the method, e.g. {@code GET}
 * @param target         the request target exactly as received
 * @param rawPath        the path of the target, still percent-encoded ({@code "*"} for {@code OPTIONS *})
 * @param rawQuery       the query after {@code ?}, still encoded, or {@code null}
 * @param minorVersion   0 for HTTP/1.0, 1 for HTTP/1.1 (and for HTTP/1.x with x &gt; 1)
 * @param headers        the header fields in order
 * @param contentLength  the body length, or -1 when the body is chunked or absent
 * @param chunked        whether the body uses chunked transfer coding
 * @param keepAlive      whether the connection may carry another request after this one
 * @param expectContinue whether the client waits for {@code 100 Continue} before sending the body
 * @param upgrade        the {@code Upgrade} header when {@code Connection} lists {@code upgrade}, else {@code null}
 */
public record RequestHead(String method, String target, String rawPath, String rawQuery, int minorVersion, Headers headers,
                          long contentLength, boolean chunked, boolean keepAlive, boolean expectContinue, String upgrade) {

    /** Whether a body follows the head. */
    public boolean hasBody() {
        return chunked || contentLength > 0;
    }

    /** {@code "HTTP/1.0"} or {@code "HTTP/1.1"}. */
    public String version() {
        return minorVersion == 0 ? "HTTP/1.0" : "HTTP/1.1";
    }
}
