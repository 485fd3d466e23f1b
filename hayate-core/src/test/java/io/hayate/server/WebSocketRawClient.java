package io.hayate.server;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.hayate.websocket.Handshake;
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
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client over a plain socket that sends exactly the frames a test builds, well-formed or not, and reads
 * the server's frames one at a time. Frames are built here byte by byte (RFC 6455 §5.2), not with the codec under
 * test, so a codec bug cannot hide itself.
 */
final class WebSocketRawClient implements AutoCloseable {
    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    /** One frame from the server. */
    record Frame(boolean fin, int rsv, boolean masked, int opcode, byte[] payload) {
        String text() {
            return new String(payload, UTF_8);
        }

        /** The status code of a close frame; 1005 when it has none. */
        int closeCode() {
            assertThat(opcode).as("opcode of a close frame").isEqualTo(CLOSE);
            return payload.length < 2 ? 1005 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }

        String closeReason() {
            return payload.length <= 2 ? "" : new String(payload, 2, payload.length - 2, UTF_8);
        }

        @Override
        public String toString() {
            return "Frame[fin=" + fin + ", rsv=" + rsv + ", opcode=" + opcode + ", " + payload.length + " bytes"
                    + (opcode == CLOSE ? ", code " + closeCode() : opcode == TEXT ? ", '" + text() + "'" : "") + "]";
        }
    }

    final Socket socket;
    final RawResponse handshake;
    private final InputStream in;
    private final OutputStream out;

    private WebSocketRawClient(Socket socket, InputStream in, RawResponse handshake) throws IOException {
        this.socket = socket;
        this.in = in;
        this.out = socket.getOutputStream();
        this.handshake = handshake;
    }

    /** Opens a connection and sends {@code request} as is; the answer is in {@link #handshake}, 101 or not. */
    static WebSocketRawClient handshake(int port, String request) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(5000);
        socket.setTcpNoDelay(true);
        InputStream in = new BufferedInputStream(socket.getInputStream());
        socket.getOutputStream().write(request.getBytes(ISO_8859_1));
        RawResponse answer = RawResponse.read(in, false);
        return new WebSocketRawClient(socket, in, answer);
    }

    /** A valid opening handshake for {@code path} with the given key and extra header lines (each ending in CRLF). */
    static String upgradeRequest(String path, String key, String extraHeaders) {
        return "GET " + path + " HTTP/1.1\r\nHost: test\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n";
    }

    /** Opens a WebSocket on {@code path} and checks the server switched protocols with the right accept value. */
    static WebSocketRawClient open(int port, String path) throws IOException {
        String key = Handshake.newKey();
        WebSocketRawClient c = handshake(port, upgradeRequest(path, key, ""));
        assertThat(c.handshake.status()).as("handshake answer " + c.handshake).isEqualTo(101);
        assertThat(c.handshake.header("Sec-WebSocket-Accept")).isEqualTo(Handshake.accept(key));
        return c;
    }

    /** One frame's bytes: FIN, RSV bits (0-7), opcode, masked with a random key or not. */
    static byte[] frame(boolean fin, int rsv, int opcode, boolean mask, byte[] payload) {
        return frame(fin, rsv, opcode, mask, payload, payload.length);
    }

    /** A frame whose header declares {@code declaredLength}, with {@code payload} after it (may be shorter). */
    static byte[] frame(boolean fin, int rsv, int opcode, boolean mask, byte[] payload, long declaredLength) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(payload.length + 14);
        b.write((fin ? 0x80 : 0) | (rsv & 7) << 4 | (opcode & 0xF));
        int maskBit = mask ? 0x80 : 0;
        if (declaredLength < 126) {
            b.write(maskBit | (int) declaredLength);
        } else if (declaredLength < 65536) {
            b.write(maskBit | 126);
            b.write((int) (declaredLength >> 8));
            b.write((int) declaredLength);
        } else {
            b.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                b.write((int) (declaredLength >> shift));
            }
        }
        byte[] key = new byte[4];
        if (mask) {
            ThreadLocalRandom.current().nextBytes(key);
            b.writeBytes(key);
        }
        for (int i = 0; i < payload.length; i++) {
            b.write(mask ? payload[i] ^ key[i & 3] : payload[i]);
        }
        return b.toByteArray();
    }

    /** A masked close frame with a code and reason. */
    static byte[] closeFrame(int code, String reason) {
        byte[] r = reason.getBytes(UTF_8);
        byte[] p = ByteBuffer.allocate(2 + r.length).putShort((short) code).put(r).array();
        return frame(true, 0, CLOSE, true, p);
    }

    WebSocketRawClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    WebSocketRawClient sendText(String text) throws IOException {
        return send(frame(true, 0, TEXT, true, text.getBytes(UTF_8)));
    }

    WebSocketRawClient sendBinary(byte[] bytes) throws IOException {
        return send(frame(true, 0, BINARY, true, bytes));
    }

    WebSocketRawClient sendClose(int code, String reason) throws IOException {
        return send(closeFrame(code, reason));
    }

    /** The next frame from the server. */
    Frame read() throws IOException {
        int b0 = readByte();
        int b1 = readByte();
        long len = b1 & 0x7F;
        if (len == 126) {
            len = (readByte() << 8) | readByte();
        } else if (len == 127) {
            len = 0;
            for (int i = 0; i < 8; i++) {
                len = (len << 8) | readByte();
            }
        }
        boolean masked = (b1 & 0x80) != 0;
        byte[] key = masked ? in.readNBytes(4) : null;
        byte[] payload = in.readNBytes((int) len);
        if (payload.length != len) {
            throw new EOFException("frame payload ended after " + payload.length + " of " + len + " bytes");
        }
        if (masked) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= key[i & 3];
            }
        }
        return new Frame((b0 & 0x80) != 0, (b0 >> 4) & 7, masked, b0 & 0xF, payload);
    }

    /** The next frame, which must be a whole unmasked text message. */
    String readText() throws IOException {
        Frame f = read();
        assertThat(f.opcode()).as(f.toString()).isEqualTo(TEXT);
        assertThat(f.fin()).isTrue();
        assertThat(f.masked()).as("server frames are not masked").isFalse();
        return f.text();
    }

    /**
     * Reads frames up to the server's close frame, which must carry {@code code}, then asserts the server closes the
     * TCP connection within 3 s. Data frames before the close are skipped.
     */
    Frame expectCloseThenEof(int code) throws IOException {
        Frame f;
        do {
            f = read();
        } while (f.opcode() != CLOSE);
        assertThat(f.closeCode()).as("close code in " + f + " reason '" + f.closeReason() + "'").isEqualTo(code);
        assertThat(f.masked()).isFalse();
        assertServerClosedTcp();
        return f;
    }

    /** Asserts the server ends the TCP connection within 3 s with nothing more sent. */
    void assertServerClosedTcp() throws IOException {
        socket.setSoTimeout(3000);
        try {
            int b = in.read();
            assertThat(b).as("a byte after the close frame").isEqualTo(-1);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close the TCP connection within 3 s");
        } catch (SocketException e) {
            // a reset also ends it; the close frame was read before
        } finally {
            socket.close();
        }
    }

    /** Whether nothing arrives and the connection stays open for {@code wait}. */
    boolean quietFor(Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        try {
            in.mark(1);
            int b = in.read();
            if (b >= 0) {
                in.reset();
            }
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(5000);
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the server closed the connection");
        }
        return b;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
