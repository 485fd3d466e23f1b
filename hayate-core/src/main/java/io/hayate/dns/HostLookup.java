package io.hayate.dns;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Resolves one host name over DNS: walks the names the search list makes of it (resolv.conf(5) {@code search} and
 * {@code ndots}), asks A and AAAA for each at the same time, and completes with the first name that has addresses.
 *
 * <p>Like glibc, a name that does not exist (NXDOMAIN), has no such records (NODATA) or whose server failed
 * (SERVFAIL) moves on to the next candidate; a timeout, a refusal or an unreachable server ends the search, since
 * the next candidate would meet the same servers.
 *
 * <p><b>Threading.</b> Runs on one loop thread; completes {@code future} there.
 */
final class HostLookup {
    private final InflightQueries queries;
    private final String host;
    private final AddressOrder order;
    private final CompletableFuture<List<InetAddress>> future;
    private final List<String> candidates;
    private int next;
    private int pending;
    private Answer v4;
    private Answer v6;
    private boolean sawNoData;
    private boolean sawServfail;
    private Answer lastNegative;

    HostLookup(InflightQueries queries, String host, List<String> candidates, AddressOrder order,
               CompletableFuture<List<InetAddress>> future) {
        this.queries = queries;
        this.host = host;
        this.candidates = candidates;
        this.order = order;
        this.future = future;
    }

    /**
     * The names to try for {@code name} (canonical, ASCII): as-is first when it has at least {@code ndots} dots,
     * after the search domains otherwise; only as-is when it was written with a trailing dot.
     */
    static List<String> candidates(String name, boolean absolute, List<String> search, int ndots) {
        if (absolute || search.isEmpty()) {
            return List.of(name);
        }
        int dots = 0;
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) == '.') {
                dots++;
            }
        }
        List<String> list = new ArrayList<>(search.size() + 1);
        if (dots >= ndots) {
            list.add(name);
        }
        for (String domain : search) {
            String candidate = name + "." + domain;
            if (candidate.length() <= LoopResolver.MAX_NAME_LENGTH) {
                list.add(candidate);
            }
        }
        if (dots < ndots) {
            list.add(name);
        }
        return list;
    }

    void start() {
        nextCandidate();
    }

    private void nextCandidate() {
        if (next == candidates.size()) {
            fail();
            return;
        }
        String name = candidates.get(next++);
        v4 = null;
        v6 = null;
        pending = (order.wantsIpv4() ? 1 : 0) + (order.wantsIpv6() ? 1 : 0);
        // Both questions go out before either answer is looked at: an answer from the cache comes back at once.
        if (order.wantsIpv4()) {
            queries.lookup(name, DnsRecordType.A.code(), a -> {
                v4 = a;
                arrived();
            });
        }
        if (order.wantsIpv6()) {
            queries.lookup(name, DnsRecordType.AAAA.code(), a -> {
                v6 = a;
                arrived();
            });
        }
    }

    private void arrived() {
        if (--pending > 0) {
            return;
        }
        Set<InetAddress> merged = new LinkedHashSet<>();
        Answer first = order == AddressOrder.IPV6_FIRST ? v6 : v4;
        Answer second = order == AddressOrder.IPV6_FIRST ? v4 : v6;
        for (Answer a : new Answer[] {first, second}) {
            if (a != null && a.isPositive()) {
                for (InetAddress address : a.addresses()) {
                    merged.add(IpLiteral.withName(host, address));
                }
            }
        }
        if (!merged.isEmpty()) {
            future.complete(List.copyOf(merged));
            return;
        }
        for (Answer a : new Answer[] {first, second}) {
            if (a == null || a.isPositive()) {
                continue;
            }
            switch (a.error()) {
                case NXDOMAIN -> lastNegative = a;
                case NO_DATA -> {
                    sawNoData = true;
                    lastNegative = a;
                }
                case SERVFAIL -> {
                    sawServfail = true;
                    lastNegative = a;
                }
                default -> {
                    future.completeExceptionally(exception(a.error(), a));
                    return;
                }
            }
        }
        nextCandidate();
    }

    private void fail() {
        DnsException.Kind kind = sawNoData ? DnsException.Kind.NO_DATA
                : sawServfail ? DnsException.Kind.SERVFAIL : DnsException.Kind.NXDOMAIN;
        future.completeExceptionally(exception(kind, lastNegative));
    }

    private DnsException exception(DnsException.Kind kind, Answer answer) {
        String detail = answer != null ? answer.detail() : null;
        if (candidates.size() > 1 || !candidates.get(0).equals(DnsCodec.canonical(host))) {
            String tried = "tried " + String.join(", ", candidates.subList(0, next));
            detail = detail == null ? tried : tried + "; " + detail;
        }
        return new DnsException(kind, host, answer != null ? answer.nameserver() : null, detail);
    }
}
