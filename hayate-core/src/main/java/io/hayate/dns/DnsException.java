package io.hayate.dns;

import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * A host name could not be resolved, with the reason as a {@link Kind}, the name asked for and the nameserver that
 * gave the last answer (or did not).
 *
 * <p>It is an {@link UnknownHostException}, so code written for {@link java.net.InetAddress} handles it unchanged.
 * Its message reads like {@code "nx.example: no such host (NXDOMAIN; nameserver 127.0.0.1:53)"}.
 */
public final class DnsException extends UnknownHostException {
    /** Why a name did not resolve. */
    public enum Kind {
        /** The name does not exist (RCODE 3). Retrying will not help; check the spelling or the search list. */
        NXDOMAIN("no such host"),
        /** The name exists but has no address of the families asked for. */
        NO_DATA("no address records for this host"),
        /** Every nameserver that answered reported a server failure (RCODE 2): try again later. */
        SERVFAIL("server failure"),
        /** A nameserver refused the query (RCODE 5): it does not serve this client or this name. */
        REFUSED("query refused"),
        /** No nameserver answered within the timeout, on any attempt. Check the nameservers and the network. */
        TIMEOUT("no answer before the timeout"),
        /** A nameserver could not be reached (ICMP unreachable, connection refused, no route). */
        UNREACHABLE("nameserver unreachable"),
        /** Replies could not be used: malformed, FORMERR or NOTIMP, or a truncated answer that TCP did not complete. */
        BAD_RESPONSE("unusable reply"),
        /** The text is not a valid host name (empty label, label over 63 octets, name over 253 characters). */
        BAD_NAME("not a valid host name"),
        /** The resolver was closed before the answer came. */
        CLOSED("resolver closed");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        /** A few words for messages, e.g. "no such host". */
        public String description() {
            return description;
        }
    }

    private final Kind kind;
    private final String host;
    private final InetSocketAddress nameserver;
    private final String detail;

    /**
     * @param nameserver the server whose answer (or silence) decided the outcome; {@code null} when none was asked
     * @param detail     extra words for the message, e.g. which names the search list produced; may be null
     */
    public DnsException(Kind kind, String host, InetSocketAddress nameserver, String detail) {
        super(message(kind, host, nameserver, detail));
        this.kind = Objects.requireNonNull(kind, "kind");
        this.host = Objects.requireNonNull(host, "host");
        this.nameserver = nameserver;
        this.detail = detail;
    }

    private static String message(Kind kind, String host, InetSocketAddress nameserver, String detail) {
        StringBuilder m = new StringBuilder(host).append(": ").append(kind.description()).append(" (").append(kind.name());
        if (detail != null) {
            m.append("; ").append(detail);
        }
        if (nameserver != null) {
            m.append("; nameserver ").append(format(nameserver));
        }
        return m.append(')').toString();
    }

    static String format(InetSocketAddress a) {
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** Why the name did not resolve. */
    public Kind kind() {
        return kind;
    }

    /** The host name as the caller gave it. */
    public String host() {
        return host;
    }

    /** The nameserver whose answer or silence decided the outcome, or {@code null} (hosts file, bad name). */
    public InetSocketAddress nameserver() {
        return nameserver;
    }

    /**
     * The same failure created on the calling thread, this one (with the loop thread's stack) as its cause, so a
     * blocking caller sees where it called from.
     */
    DnsException withCallerStack() {
        DnsException e = new DnsException(kind, host, nameserver, detail);
        e.initCause(this);
        return e;
    }
}
