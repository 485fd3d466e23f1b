package io.hayate.dns;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A UDP "nameserver" on 127.0.0.1 that answers each query with whatever datagrams {@code script} returns, for
 * behaviour dnsmasq cannot be made to show on demand: SERVFAIL, a reply with the wrong id, junk bytes.
 * With a script returning nothing it is a silent server. One platform thread, ended by {@link #close()}.
 */
final class ScriptedDnsServer implements AutoCloseable {
    private final DatagramSocket socket;
    private final Thread thread;
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicInteger tcpReceived = new AtomicInteger();
    private ServerSocket tcp;
    private Thread tcpThread;

    ScriptedDnsServer(Function<DnsMessage, List<byte[]>> script) throws IOException {
        this(script, null);
    }

    /**
     * With {@code tcpScript}, also answers over TCP on the same port: the first datagram {@code tcpScript} returns,
     * framed with its length and written one byte per segment with pauses, so the client sees the answer in many
     * partial reads. The TCP port is taken first and the UDP socket bound to its number (a free UDP port may be a
     * busy TCP one: TCP clients take ephemeral ports from the same range).
     */
    ScriptedDnsServer(Function<DnsMessage, List<byte[]>> script, Function<DnsMessage, List<byte[]>> tcpScript) throws IOException {
        if (tcpScript == null) {
            socket = new DatagramSocket(new InetSocketAddress(Dnsmasq.LOOPBACK, 0));
        } else {
            DatagramSocket udp = null;
            for (int attempt = 0; udp == null; attempt++) {
                tcp = new ServerSocket(0, 4, Dnsmasq.LOOPBACK);
                try {
                    udp = new DatagramSocket(new InetSocketAddress(Dnsmasq.LOOPBACK, tcp.getLocalPort()));
                } catch (BindException e) {
                    tcp.close();
                    if (attempt == 20) {
                        throw e;
                    }
                }
            }
            socket = udp;
            tcpThread = Thread.ofPlatform().name("test-dns-script-tcp").daemon().start(() -> serveTcp(tcpScript));
        }
        thread = Thread.ofPlatform().name("test-dns-script").daemon().start(() -> serve(script));
    }

    private void serveTcp(Function<DnsMessage, List<byte[]>> script) {
        while (!tcp.isClosed()) {
            try (Socket s = tcp.accept()) {
                s.setTcpNoDelay(true);
                DataInputStream in = new DataInputStream(s.getInputStream());
                byte[] query = new byte[in.readUnsignedShort()];
                in.readFully(query);
                tcpReceived.incrementAndGet();
                byte[] reply = script.apply(DnsCodec.decode(query)).get(0);
                byte[] framed = ByteBuffer.allocate(2 + reply.length).putShort((short) reply.length).put(reply).array();
                OutputStream out = s.getOutputStream();
                for (int i = 0; i < framed.length; i++) {
                    out.write(framed[i]); // unbuffered, no Nagle: one segment per byte
                    if (i == 0) {
                        Thread.sleep(20); // the client reads half the length prefix first
                    } else if (i % 64 == 63) {
                        Thread.sleep(1); // let the client read what is there
                    }
                }
                in.read(); // wait for the client to close
            } catch (IOException | RuntimeException | InterruptedException e) {
                // closed, or a client that went away
            }
        }
    }

    /** Queries received over TCP so far. */
    int tcpReceived() {
        return tcpReceived.get();
    }

    private void serve(Function<DnsMessage, List<byte[]>> script) {
        byte[] buffer = new byte[65535];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                socket.receive(p);
                received.incrementAndGet();
                DnsMessage query = DnsCodec.decode(Arrays.copyOf(p.getData(), p.getLength()));
                for (byte[] reply : script.apply(query)) {
                    socket.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                }
            } catch (IOException | RuntimeException e) {
                // closed, or a query the script could not handle: go on
            }
        }
    }

    /** An answer to {@code query} with {@code rcode} and {@code answers}, echoing its id and question. */
    static byte[] reply(DnsMessage query, int rcode, List<DnsRecord> answers) {
        return reply(query, query.id(), rcode, answers);
    }

    static byte[] reply(DnsMessage query, int id, int rcode, List<DnsRecord> answers) {
        return DnsCodec.encode(new DnsMessage(id, 0x8180 | rcode, query.questions(), answers, List.of(), List.of()));
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Queries received so far. */
    int received() {
        return received.get();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        if (tcp != null) {
            tcp.close();
        }
        try {
            thread.join(2000);
            if (tcpThread != null) {
                tcpThread.join(2000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
