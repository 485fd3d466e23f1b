package io.hayate.http;

/**
 * Size limits the parser enforces at the byte where they are crossed.
 *
 * <table>
 *   <caption>Limits and defaults</caption>
 *   <tr><th>limit</th><th>default</th><th>answer when crossed</th></tr>
 *   <tr><td>{@code maxRequestLine}</td><td>8 KiB</td><td>414</td></tr>
 *   <tr><td>{@code maxHeaderSize} (all header lines, trailers too)</td><td>16 KiB</td><td>431</td></tr>
 *   <tr><td>{@code maxHeaderCount}</td><td>100</td><td>431</td></tr>
 *   <tr><td>{@code maxBodySize} (decided from Content-Length when there is one)</td><td>8 MiB</td><td>413</td></tr>
 *   <tr><td>{@code maxChunkLine} (chunk size plus extensions)</td><td>1 KiB</td><td>400</td></tr>
 * </table>
 */
public record HttpLimits(int maxRequestLine, int maxHeaderSize, int maxHeaderCount, long maxBodySize, int maxChunkLine) {
    public static final HttpLimits DEFAULTS = new HttpLimits(8 * 1024, 16 * 1024, 100, 8L * 1024 * 1024, 1024);

    public HttpLimits {
        positive("maxRequestLine", maxRequestLine);
        positive("maxHeaderSize", maxHeaderSize);
        positive("maxHeaderCount", maxHeaderCount);
        positive("maxBodySize", maxBodySize);
        positive("maxChunkLine", maxChunkLine);
    }

    public HttpLimits withMaxRequestLine(int v) {
        return new HttpLimits(v, maxHeaderSize, maxHeaderCount, maxBodySize, maxChunkLine);
    }

    public HttpLimits withMaxHeaderSize(int v) {
        return new HttpLimits(maxRequestLine, v, maxHeaderCount, maxBodySize, maxChunkLine);
    }

    public HttpLimits withMaxHeaderCount(int v) {
        return new HttpLimits(maxRequestLine, maxHeaderSize, v, maxBodySize, maxChunkLine);
    }

    public HttpLimits withMaxBodySize(long v) {
        return new HttpLimits(maxRequestLine, maxHeaderSize, maxHeaderCount, v, maxChunkLine);
    }

    private static void positive(String name, long v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + v);
        }
    }
}
