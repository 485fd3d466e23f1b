package io.hayate.server;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One response as it came off the wire: status line, header fields in order, and the de-framed body. */
record RawResponse(String statusLine, int status, List<Map.Entry<String, String>> headers, byte[] body) {

    /** The first value of header {@code name} (case-insensitive), or {@code null}. */
    String header(String name) {
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }

    /** Every value of header {@code name}, in order. */
    List<String> headers(String name) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                out.add(h.getValue());
            }
        }
        return out;
    }

    String bodyText() {
        return new String(body, UTF_8);
    }

    /** Whether the server said it closes the connection after this response. */
    boolean saysClose() {
        String c = header("Connection");
        return c != null && c.equalsIgnoreCase("close");
    }

    @Override
    public String toString() {
        return statusLine + " " + headers + " body=" + (body.length > 200 ? body.length + " bytes" : "'" + bodyText() + "'");
    }

    /**
     * Reads one response from {@code in}. {@code headRequest}: the response answers HEAD, so it has no body whatever
     * its headers say. 1xx, 204 and 304 never have one.
     */
    static RawResponse read(InputStream in, boolean headRequest) throws IOException {
        String statusLine = line(in);
        if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
            throw new IOException("not an HTTP/1.1 status line: '" + statusLine + "'");
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String l; !(l = line(in)).isEmpty(); ) {
            int colon = l.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header line '" + l + "'");
            }
            headers.add(Map.entry(l.substring(0, colon), l.substring(colon + 1).strip()));
        }
        RawResponse head = new RawResponse(statusLine, status, List.copyOf(headers), new byte[0]);
        if (headRequest || status < 200 || status == 204 || status == 304) {
            return head;
        }
        byte[] body;
        String te = head.header("Transfer-Encoding");
        String cl = head.header("Content-Length");
        if (te != null) {
            if (!te.equalsIgnoreCase("chunked")) {
                throw new IOException("unexpected Transfer-Encoding " + te);
            }
            body = chunked(in);
        } else if (cl != null) {
            body = in.readNBytes(Integer.parseInt(cl));
            if (body.length != Integer.parseInt(cl)) {
                throw new EOFException("body ended after " + body.length + " of " + cl + " bytes");
            }
        } else {
            body = in.readAllBytes(); // delimited by the close
        }
        return new RawResponse(statusLine, status, head.headers(), body);
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (;;) {
            String sizeLine = line(in);
            int semi = sizeLine.indexOf(';');
            int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).strip(), 16);
            if (size == 0) {
                while (!line(in).isEmpty()) {
                    // trailers: ignored
                }
                return out.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length != size) {
                throw new EOFException("chunk ended early");
            }
            out.write(chunk);
            if (!line(in).isEmpty()) {
                throw new IOException("chunk data not followed by CRLF");
            }
        }
    }

    /** A CRLF-terminated line without its CRLF. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        for (;;) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("connection closed " + (b.size() == 0 ? "before a response" : "in the middle of line '" + b.toString(ISO_8859_1) + "'"));
            }
            if (c == '\n') {
                byte[] a = b.toByteArray();
                if (a.length == 0 || a[a.length - 1] != '\r') {
                    throw new IOException("line not terminated by CRLF: '" + b.toString(ISO_8859_1) + "'");
                }
                return new String(a, 0, a.length - 1, ISO_8859_1);
            }
            b.write(c);
        }
    }
}
