package io.hayate.client;

import io.hayate.http.Headers;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A complete response: status, headers and the whole body (decompressed when it came with {@code gzip} or
 * {@code deflate}), or the file it was saved to ({@link HttpClient#download}). Immutable and safe to share.
 */
public final class ClientResponse {
    private final ClientRequest request;
    private final int status;
    private final String reason;
    private final String version;
    private final Headers headers;
    private final byte[] body;
    private final Path file;

    ClientResponse(ClientRequest request, int status, String reason, String version, Headers headers, byte[] body, Path file) {
        this.request = request;
        this.status = status;
        this.reason = reason;
        this.version = version;
        this.headers = headers;
        this.body = body;
        this.file = file;
    }

    /** The status code, e.g. 200. */
    public int status() {
        return status;
    }

    /** The reason phrase as the server sent it (possibly empty). */
    public String reason() {
        return reason;
    }

    /** {@code HTTP/1.1} or {@code HTTP/1.0}. */
    public String version() {
        return version;
    }

    /** The response headers, as received (a decoded body keeps its {@code Content-Encoding} header). Do not modify. */
    public Headers headers() {
        return headers;
    }

    /** The first value of header {@code name}, or {@code null}. */
    public String header(String name) {
        return headers.get(name);
    }

    /** The request that got this response: the last one after redirects. */
    public ClientRequest request() {
        return request;
    }

    /** The URI this response came from (after redirects). */
    public URI uri() {
        return request.uri();
    }

    /** The body; empty when there was none or it went to a file. Do not modify the array. */
    public byte[] body() {
        return body;
    }

    /** The body decoded with the charset of its {@code Content-Type}, UTF-8 when none is named. */
    public String bodyAsString() {
        return new String(body, charset());
    }

    /** The file the body was saved to by {@link HttpClient#download}, or {@code null}. */
    public Path file() {
        return file;
    }

    /** Whether the status is 2xx. */
    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    private Charset charset() {
        String type = headers.get("Content-Type");
        if (type != null) {
            for (String param : type.split(";")) {
                String p = param.strip();
                if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                    String name = p.substring(8).replace("\"", "").strip();
                    try {
                        return Charset.forName(name);
                    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                        return StandardCharsets.UTF_8;
                    }
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    @Override
    public String toString() {
        return version + " " + status + " " + reason + " (" + (file != null ? "saved to " + file : body.length + " bytes")
                + ") for " + request;
    }
}
