package io.hayate.dns;

import io.hayate.loop.IoHandler;
import io.hayate.loop.Loop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * The TCP retry of a {@link Query} whose UDP answer was truncated (RFC 7766): connect, write the query with its
 * two-byte length prefix, read the two-byte length and then that many bytes, however the reads split them.
 *
 * <p><b>Threading.</b> Loop thread only.
 */
final class TcpExchange implements IoHandler {
    private final Query query;
    private final Loop loop;
    private final SocketChannel channel;
    private final SelectionKey key;
    private final ByteBuffer out;
    private final ByteBuffer length = ByteBuffer.allocate(2);
    private ByteBuffer in;

    TcpExchange(Query query, Loop loop, InetSocketAddress server, byte[] wire) throws IOException {
        this.query = query;
        this.loop = loop;
        this.out = ByteBuffer.allocate(2 + wire.length).putShort((short) wire.length).put(wire).flip();
        this.channel = SocketChannel.open();
        try {
            channel.configureBlocking(false);
            boolean connected = channel.connect(server);
            this.key = loop.register(channel, connected ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT, this);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void onReady(SelectionKey key) {
        try {
            if (key.isConnectable()) {
                if (!channel.finishConnect()) {
                    return;
                }
                key.interestOps(SelectionKey.OP_WRITE);
            }
            if (out.hasRemaining()) {
                channel.write(out);
                if (!out.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ);
                }
                return;
            }
            if (key.isReadable()) {
                read();
            }
        } catch (IOException e) {
            query.onTcpFailed(this, DnsException.Kind.UNREACHABLE, "failed: " + e.getMessage());
        }
    }

    private void read() throws IOException {
        if (in == null) {
            if (channel.read(length) < 0) {
                query.onTcpFailed(this, DnsException.Kind.BAD_RESPONSE, "closed by the server before the answer");
                return;
            }
            if (length.hasRemaining()) {
                return;
            }
            int size = length.getShort(0) & 0xFFFF;
            in = ByteBuffer.allocate(size);
        }
        if (channel.read(in) < 0) {
            query.onTcpFailed(this, DnsException.Kind.BAD_RESPONSE,
                    "closed by the server after " + in.position() + " of " + in.capacity() + " bytes");
            return;
        }
        if (!in.hasRemaining()) {
            query.onTcpMessage(this, in.flip());
        }
    }

    @Override
    public void onLoopClosing() {
        query.abort(DnsException.Kind.CLOSED);
    }

    void close() {
        if (key.isValid()) {
            loop.cancelAndClose(key);
        }
    }

    @Override
    public String toString() {
        return "TcpExchange[" + query + "]";
    }
}
