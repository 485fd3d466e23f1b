package io.hayate.server;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A raw socket for streamed responses: reads the head, then the chunked body one chunk at a time with the time each
 * chunk arrived, and can stop reading, close, or reset (SO_LINGER 0) at any point. Unlike {@link RawClient} it never
 * reads more than asked, so a test decides exactly how much the server's writes are let through.
 */
final class StreamClient implements AutoCloseable {
    private static final int READ_TIMEOUT_MS = 5_000;

    /** One chunk of a chunked body and when its last byte arrived (System.nanoTime()). */
    record Chunk(byte[] bytes, long arrivedNanos) {
        String text() {
            return new String(bytes, UTF_8);
        }
    }

    final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    StreamClient(int port) throws IOException {
        this(port, 0);
    }

    /** @param receiveBuffer SO_RCVBUF to ask for before connecting (0: the system's default) */
    StreamClient(int port, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MS);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream(), 512); // small: read ahead as little as possible
        out = socket.getOutputStream();
    }

    StreamClient send(String request) throws IOException {
        out.write(request.getBytes(ISO_8859_1));
        out.flush();
        return this;
    }

    /** Reads the status line and headers only. */
    RawResponse readHead() throws IOException {
        return RawResponse.read(in, true);
    }

    /** The next chunk of a chunked body, or {@code null} for the last (empty) chunk, whose trailer section is read too. */
    Chunk nextChunk() throws IOException {
        String sizeLine = line();
        int semi = sizeLine.indexOf(';');
        int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).strip(), 16);
        if (size == 0) {
            while (!line().isEmpty()) {
                // trailers: none expected, ignored
            }
            return null;
        }
        byte[] data = in.readNBytes(size);
        if (data.length != size) {
            throw new EOFException("chunk ended after " + data.length + " of " + size + " bytes");
        }
        long at = System.nanoTime();
        if (!line().isEmpty()) {
            throw new IOException("chunk data not followed by CRLF");
        }
        return new Chunk(data, at);
    }

    /** The next chunk's text; fails if the body ended instead. */
    String nextChunkText() throws IOException {
        Chunk c = nextChunk();
        if (c == null) {
            throw new EOFException("the body ended where a chunk was expected");
        }
        return c.text();
    }

    /** Every chunk up to the last one, concatenated. */
    String restOfBody() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Chunk c; (c = nextChunk()) != null; ) {
            sb.append(c.text());
        }
        return sb.toString();
    }

    /** Everything until the server closes the connection (an unframed HTTP/1.0 body, or a truncated one). */
    byte[] readToEnd() throws IOException {
        return in.readAllBytes();
    }

    /** Reads and discards everything until the server closes; returns how many bytes came. */
    long drainToEnd() throws IOException {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buf)) >= 0; ) {
            total += n;
        }
        return total;
    }

    /** Reads exactly {@code n} bytes. */
    byte[] readExactly(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new EOFException("got " + b.length + " of " + n + " bytes");
        }
        return b;
    }

    /** Whether the server closed the connection (EOF, or a reset) within {@code timeout}, with no byte before. */
    boolean closedWithin(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            int b = in.read();
            if (b >= 0) {
                throw new IOException("expected the connection to end, got a byte: " + (char) b);
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(READ_TIMEOUT_MS);
            }
        }
    }

    /** Closes with an RST instead of a FIN (SO_LINGER 0): the abrupt way a client can vanish. */
    void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(16);
        for (;;) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("connection closed in the middle of the body" + (b.size() > 0 ? " at '" + b.toString(ISO_8859_1) + "'" : ""));
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
