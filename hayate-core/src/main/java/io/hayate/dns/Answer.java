package io.hayate.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * What the resolver learned from asking one question ({@code name}, {@code type}): addresses, an alias to follow,
 * a negative answer or a failure. Cached as is; the addresses carry no host name.
 *
 * @param error      {@code null} for a positive answer, else why there are no addresses
 * @param addresses  the addresses, in the server's order; empty unless {@code error} is null
 * @param alias      the end of a CNAME chain whose addresses the server did not include, or {@code null}
 * @param ttl        seconds the answer may be cached: the smallest TTL of the records used, for a negative answer
 *                   the SOA bound of RFC 2308 §5, or -1 when a negative answer had no SOA
 * @param nameserver the server that gave the answer or failed last, {@code null} for none
 * @param detail     extra words for an error message, or {@code null}
 */
record Answer(DnsException.Kind error, List<InetAddress> addresses, String alias, long ttl,
              InetSocketAddress nameserver, String detail) {
    private static final int MAX_CNAME_HOPS = 16;

    static Answer failure(DnsException.Kind error, InetSocketAddress nameserver, String detail) {
        return new Answer(error, List.of(), null, -1, nameserver, detail);
    }

    boolean isPositive() {
        return error == null;
    }

    /** Whether the name has no addresses of the type asked, which the search list may cure. */
    boolean isNegative() {
        return error == DnsException.Kind.NXDOMAIN || error == DnsException.Kind.NO_DATA;
    }

    /**
     * Interprets {@code reply} to {@code question}: follows a CNAME chain through the answer section, keeps the
     * address records of the chain's end, and reads the negative-caching TTL from an SOA in the authority section.
     */
    static Answer read(DnsMessage reply, DnsQuestion question, InetSocketAddress server) {
        int rcode = reply.rcode();
        if (rcode == DnsMessage.SERVFAIL) {
            return failure(DnsException.Kind.SERVFAIL, server, null);
        }
        if (rcode == DnsMessage.REFUSED) {
            return failure(DnsException.Kind.REFUSED, server, null);
        }
        if (rcode != DnsMessage.NOERROR && rcode != DnsMessage.NXDOMAIN) {
            return failure(DnsException.Kind.BAD_RESPONSE, server, DnsMessage.rcodeName(rcode));
        }
        String owner = question.name();
        long ttl = Long.MAX_VALUE;
        boolean aliased = false;
        for (int hop = 0; hop < MAX_CNAME_HOPS; hop++) {
            DnsRecord.Cname next = null;
            for (DnsRecord r : reply.answers()) {
                if (r instanceof DnsRecord.Cname c && DnsCodec.sameName(c.name(), owner)) {
                    next = c;
                    break;
                }
            }
            if (next == null) {
                break;
            }
            owner = next.target();
            ttl = Math.min(ttl, next.ttl());
            aliased = true;
        }
        if (rcode == DnsMessage.NXDOMAIN) {
            return new Answer(DnsException.Kind.NXDOMAIN, List.of(), null, negativeTtl(reply), server,
                    aliased ? "alias " + owner : null);
        }
        List<InetAddress> addresses = new ArrayList<>();
        for (DnsRecord r : reply.answers()) {
            if (r.type() == question.type() && DnsCodec.sameName(r.name(), owner)) {
                InetAddress a = switch (r) {
                    case DnsRecord.A x -> x.address();
                    case DnsRecord.Aaaa x -> x.address();
                    default -> null;
                };
                if (a != null && !addresses.contains(a)) {
                    addresses.add(a);
                    ttl = Math.min(ttl, r.ttl());
                }
            }
        }
        if (!addresses.isEmpty()) {
            return new Answer(null, List.copyOf(addresses), null, ttl, server, null);
        }
        if (aliased) {
            return new Answer(null, List.of(), DnsCodec.canonical(owner), ttl, server, null);
        }
        return new Answer(DnsException.Kind.NO_DATA, List.of(), null, negativeTtl(reply), server, null);
    }

    /** min(SOA TTL, SOA MINIMUM) of the authority section (RFC 2308 §5), or -1 without an SOA. */
    private static long negativeTtl(DnsMessage reply) {
        for (DnsRecord r : reply.authorities()) {
            if (r instanceof DnsRecord.Soa soa) {
                return Math.min(soa.ttl(), soa.minimum());
            }
        }
        return -1;
    }
}
