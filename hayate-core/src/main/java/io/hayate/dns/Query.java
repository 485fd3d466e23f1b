package io.hayate.dns;

import io.hayate.loop.Loop;
import io.hayate.loop.Timer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One question asked of the nameservers until one answers: a UDP try per server with a timeout, {@code attempts}
 * rounds over the servers, and a TCP exchange with the same server when its UDP answer comes back truncated.
 *
 * <p>A try moves on to the next server on a timeout, an ICMP unreachable, SERVFAIL, REFUSED or an unusable reply;
 * an answer (addresses, NXDOMAIN or NODATA) ends the query. Each try uses a new random id and a new UDP socket
 * whose source port the OS picks, connected to the server so the kernel drops datagrams from anyone else; the id
 * and the question of a reply must match too.
 *
 * <p><b>Threading.</b> Confined to its loop's thread.
 */
final class Query {
    final DnsQuestion question;
    private final InflightQueries owner;
    private final LoopResolver resolver;
    private final Loop loop;
    private final List<Consumer<Answer>> waiters = new ArrayList<>(2);
    private final List<InetSocketAddress> servers;
    private final int firstServer;
    private final int tries;
    private final Timer timer;
    private final Map<String, Answer> failures = new LinkedHashMap<>();
    private int tryIndex;
    private int serverIndex;
    private InetSocketAddress server;
    private int id;
    private byte[] wire;
    private UdpExchange udp;
    private TcpExchange tcp;
    private boolean done;

    Query(InflightQueries owner, DnsQuestion question) {
        this.owner = owner;
        this.question = question;
        this.resolver = owner.resolver;
        this.loop = owner.loop;
        this.servers = resolver.config.nameservers();
        this.firstServer = resolver.firstServer();
        this.tries = servers.size() * resolver.config.attempts();
        this.timer = loop.newTimer(this::onTimeout);
    }

    void addWaiter(Consumer<Answer> waiter) {
        waiters.add(waiter);
    }

    void start() {
        nextTry();
    }

    private void nextTry() {
        closeExchanges();
        if (done) {
            return;
        }
        if (tryIndex == tries) {
            finish(summarizeFailures());
            return;
        }
        serverIndex = (firstServer + tryIndex) % servers.size();
        tryIndex++;
        server = servers.get(serverIndex);
        id = resolver.nextId();
        wire = DnsCodec.encodeQuery(id, question, resolver.config.ednsPayloadSize());
        timer.reschedule(resolver.config.timeout().toNanos());
        try {
            udp = new UdpExchange(this, loop, server, wire);
            resolver.udpQueries.increment();
        } catch (IOException e) {
            failed(DnsException.Kind.UNREACHABLE, "cannot send: " + e.getMessage());
        }
    }

    /** A datagram arrived on the current try's socket. */
    void onDatagram(UdpExchange from, ByteBuffer datagram) {
        if (from != udp || done) {
            return;
        }
        if (DnsCodec.peekId(datagram) != id) {
            resolver.discardedReplies.increment();
            return;
        }
        DnsMessage reply;
        try {
            reply = DnsCodec.decode(datagram);
        } catch (DnsFormatException e) {
            int flags = DnsCodec.peekFlags(datagram);
            if (flags >= 0 && (flags & DnsMessage.QR) != 0 && (flags & DnsMessage.TC) != 0) {
                switchToTcp(); // cut mid-record by a server that truncates bytes rather than records
            } else {
                resolver.discardedReplies.increment();
            }
            return;
        }
        if (!matches(reply)) {
            resolver.discardedReplies.increment();
            return;
        }
        if (reply.isTruncated()) {
            switchToTcp();
            return;
        }
        handle(reply);
    }

    /** The OS reported the server unreachable (ICMP port unreachable on the connected socket). */
    void onUnreachable(UdpExchange from, IOException e) {
        if (from == udp && !done) {
            failed(DnsException.Kind.UNREACHABLE, e.getMessage());
        }
    }

    private void switchToTcp() {
        udp.close();
        udp = null;
        timer.reschedule(resolver.config.timeout().toNanos());
        try {
            tcp = new TcpExchange(this, loop, server, wire);
            resolver.tcpQueries.increment();
        } catch (IOException e) {
            failed(DnsException.Kind.UNREACHABLE, "truncated answer, TCP connect failed: " + e.getMessage());
        }
    }

    /** The TCP exchange read a whole message. */
    void onTcpMessage(TcpExchange from, ByteBuffer message) {
        if (from != tcp || done) {
            return;
        }
        DnsMessage reply;
        try {
            reply = DnsCodec.decode(message);
        } catch (DnsFormatException e) {
            failed(DnsException.Kind.BAD_RESPONSE, "malformed answer over TCP: " + e.getMessage());
            return;
        }
        if (reply.id() != id || !matches(reply)) {
            failed(DnsException.Kind.BAD_RESPONSE, "TCP answer does not match the query");
            return;
        }
        handle(reply);
    }

    /** The TCP exchange failed: refused, reset, or closed before the whole answer. */
    void onTcpFailed(TcpExchange from, DnsException.Kind kind, String why) {
        if (from == tcp && !done) {
            failed(kind, "truncated answer, TCP " + why);
        }
    }

    private boolean matches(DnsMessage reply) {
        if (!reply.isResponse() || reply.opcode() != 0) {
            return false;
        }
        if (reply.questions().isEmpty()) {
            // Some servers drop the question from error replies; the id on a connected socket must do.
            return reply.rcode() != DnsMessage.NOERROR;
        }
        return reply.questions().size() == 1 && reply.questions().get(0).matches(question);
    }

    private void handle(DnsMessage reply) {
        Answer answer = Answer.read(reply, question, server);
        if (answer.isPositive() || answer.isNegative()) {
            finish(answer);
        } else {
            failed(answer.error(), answer.detail());
        }
    }

    private void onTimeout() {
        if (done) {
            return;
        }
        resolver.timeouts.increment();
        failed(DnsException.Kind.TIMEOUT, null);
    }

    /** This try failed: remember why, steer later queries away from the server, try the next one. */
    private void failed(DnsException.Kind kind, String why) {
        failures.merge(DnsException.format(server) + " " + kind.name() + (why != null ? " (" + why + ")" : ""),
                Answer.failure(kind, server, why), (a, b) -> b);
        resolver.serverFailed(serverIndex);
        nextTry();
    }

    /** Every try failed: the most telling failure decides the kind; the message lists them all. */
    private Answer summarizeFailures() {
        Answer decisive = null;
        for (Answer a : failures.values()) {
            if (decisive == null || rank(a.error()) < rank(decisive.error())) {
                decisive = a;
            }
        }
        String detail = tries + (tries == 1 ? " try: " : " tries: ") + String.join(", ", failures.keySet());
        return Answer.failure(decisive.error(), decisive.nameserver(), detail);
    }

    /** A server that answered SERVFAIL says more than one that was silent. */
    private static int rank(DnsException.Kind kind) {
        return switch (kind) {
            case SERVFAIL -> 0;
            case REFUSED -> 1;
            case BAD_RESPONSE -> 2;
            case UNREACHABLE -> 3;
            default -> 4;
        };
    }

    /** Ends the query with {@code kind}, e.g. when the resolver closes. */
    void abort(DnsException.Kind kind) {
        if (!done) {
            finish(Answer.failure(kind, server, null));
        }
    }

    private void finish(Answer answer) {
        done = true;
        timer.cancel();
        closeExchanges();
        owner.finished(this, answer);
        for (Consumer<Answer> w : waiters) {
            InflightQueries.notify(w, answer);
        }
        waiters.clear();
    }

    private void closeExchanges() {
        if (udp != null) {
            udp.close();
            udp = null;
        }
        if (tcp != null) {
            tcp.close();
            tcp = null;
        }
    }

    @Override
    public String toString() {
        return "Query[" + question + ", try " + tryIndex + "/" + tries + (server != null ? " at " + DnsException.format(server) : "") + "]";
    }
}
