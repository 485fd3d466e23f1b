package io.hayate.server;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Listening on a UNIX domain socket: curl and a JDK SocketChannel as peers; the socket file goes away on close. */
class ServerUnixSocketTest {

    @TempDir
    Path dir;

    @AllModes
    void serves_curl_and_a_socket_channel_over_a_unix_socket(Mode mode) throws Exception {
        Path socket = dir.resolve("hayate.sock");
        ServerHarness s = ServerHarness.start(mode, c -> c.withUnixSocket(socket), app -> app
                .get("/hello", ctx -> "hello over " + ctx.remoteAddress().getClass().getSimpleName())
                .post("/echo", ctx -> ctx.body()));
        try (s) {
            assertThat(s.server.port()).isEqualTo(-1);
            assertThat(s.server.address()).isEqualTo(UnixDomainSocketAddress.of(socket));
            assertThat(socket).exists();

            Curl.Result r = Curl.run("--unix-socket", socket.toString(), "http://localhost/hello");
            assertThat(r.exitCode()).as(r.trace()).isZero();
            assertThat(r.bodyText()).isEqualTo("hello over UnixDomainSocketAddress");

            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(socket));
                InputStream in = new BufferedInputStream(Channels.newInputStream(ch));
                write(ch, RawClient.post("/echo", "over a socket channel"));
                RawResponse first = RawResponse.read(in, false);
                assertThat(first.bodyText()).isEqualTo("over a socket channel");
                if (s.keepsAlive()) {
                    write(ch, RawClient.get("/hello"));
                    assertThat(RawResponse.read(in, false).bodyText()).isEqualTo("hello over UnixDomainSocketAddress");
                } else {
                    assertThat(in.read()).isEqualTo(-1);
                }
            }
        }
        assertThat(socket).as("the socket file is removed on close").doesNotExist();
        assertThatThrownBy(() -> {
            try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                ch.isConnected();
            }
        }).isInstanceOf(IOException.class);
    }

    @AllModes
    void a_stale_socket_file_is_replaced(Mode mode) throws Exception {
        Path socket = dir.resolve("stale.sock");
        // a socket file left behind by a process that died: bound, never unlinked
        try (var stale = java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            stale.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(Files.exists(socket)).isTrue();
        try (ServerHarness s = ServerHarness.start(mode, c -> c.withUnixSocket(socket), app -> app.get("/", ctx -> "fresh"))) {
            Curl.Result r = Curl.run("--unix-socket", socket.toString(), "http://localhost/");
            assertThat(r.bodyText()).isEqualTo("fresh");
        }
    }

    private static void write(SocketChannel ch, String s) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(s.getBytes(ISO_8859_1));
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }
}
