package io.hayate.dns;

import io.hayate.loop.IoHandler;
import io.hayate.loop.Loop;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;

/**
 * One UDP try of a {@link Query}: a fresh socket on an OS-chosen port, connected to the nameserver, one datagram
 * out, replies in. Connecting makes the kernel drop datagrams from other sources and report an ICMP port
 * unreachable as an error on the next read, so a closed port fails the try at once instead of at the timeout.
 *
 * <p><b>Threading.</b> Loop thread only.
 */
final class UdpExchange implements IoHandler {
    private final Query query;
    private final Loop loop;
    private final DatagramChannel channel;
    private final SelectionKey key;

    UdpExchange(Query query, Loop loop, InetSocketAddress server, byte[] wire) throws IOException {
        this.query = query;
        this.loop = loop;
        this.channel = DatagramChannel.open(server.getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            channel.configureBlocking(false);
            channel.connect(server);
            if (channel.write(ByteBuffer.wrap(wire)) != wire.length) {
                throw new IOException("the socket's send buffer is full");
            }
            this.key = loop.register(channel, SelectionKey.OP_READ, this);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void onReady(SelectionKey key) {
        while (key.isValid()) {
            ByteBuffer buffer = loop.readBuffer();
            int n;
            try {
                n = channel.read(buffer);
            } catch (IOException e) { // PortUnreachableException after an ICMP error, or the socket broke
                query.onUnreachable(this, e);
                return;
            }
            if (n <= 0) {
                return;
            }
            query.onDatagram(this, buffer.flip()); // may close this exchange
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
        return "UdpExchange[" + query + "]";
    }
}
