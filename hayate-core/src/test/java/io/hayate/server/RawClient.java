package io.hayate.server;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A plain blocking TCP socket for byte-exact requests: send exactly these bytes, read exactly one response, and see
 * whether the server closed the connection (a read that returns -1).
 */
final class RawClient implements AutoCloseable {
    private static final int READ_TIMEOUT_MS = 5_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawClient(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MS);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** {@code GET path} with a Host header. */
    static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: test\r\n\r\n";
    }

    /** {@code POST path} with a Content-Length body. */
    static String post(String path, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: test\r\nContent-Length: " + body.getBytes(ISO_8859_1).length + "\r\n\r\n" + body;
    }

    RawClient send(String bytes) throws IOException {
        return send(bytes.getBytes(ISO_8859_1));
    }

    RawClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Reads the next response, its body framed by its headers. */
    RawResponse read() throws IOException {
        return RawResponse.read(in, false);
    }

    /** Reads the next response to a HEAD request: a head whose framing headers describe a body that is not sent. */
    RawResponse readHeadResponse() throws IOException {
        return RawResponse.read(in, true);
    }

    RawResponse request(String request) throws IOException {
        return send(request).read();
    }

    /** What the server did within {@code timeout}: closed (EOF), reset, sent bytes (left unread), or nothing. */
    enum End { EOF, RESET, DATA, OPEN }

    End awaitEnd(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        try {
            in.mark(1);
            int b = in.read();
            if (b < 0) {
                return End.EOF;
            }
            in.reset(); // leave the byte for read()
            return End.DATA;
        } catch (SocketTimeoutException e) {
            return End.OPEN;
        } catch (SocketException e) {
            return End.RESET;
        } finally {
            socket.setSoTimeout(READ_TIMEOUT_MS);
        }
    }

    /**
     * Asserts the server closes the connection (an orderly FIN, nothing more to read) within 3 s, then closes this
     * side too, as a real client would.
     */
    void assertClosed() throws IOException {
        assertClosedWithin(Duration.ofSeconds(3));
    }

    void assertClosedWithin(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            ByteArrayOutputStream extra = new ByteArrayOutputStream();
            for (int b; (b = in.read()) >= 0; ) {
                extra.write(b);
            }
            assertThat(extra.toString(ISO_8859_1)).as("bytes after the last response").isEmpty();
            socket.close();
        } catch (SocketTimeoutException e) {
            fail("the server did not close the connection within " + timeout);
        } catch (SocketException e) {
            fail("the connection was reset instead of closed: " + e.getMessage());
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(READ_TIMEOUT_MS);
            }
        }
    }

    /** Asserts the connection is still open: nothing arrives and no close within {@code wait}. */
    void assertOpenFor(Duration wait) throws IOException {
        assertThat(awaitEnd(wait)).as("connection state after " + wait).isEqualTo(End.OPEN);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
