package io.hayate.dns;

import io.hayate.loop.Loop;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The DNS questions in flight on one loop: answers from the cache, joins a caller to an identical query already
 * asked instead of sending another, and starts a {@link Query} otherwise. Follows CNAME chains whose end the server
 * did not resolve.
 *
 * <p><b>Threading.</b> Confined to its loop's thread; needs no lock.
 */
final class InflightQueries {
    private static final System.Logger LOG = System.getLogger(InflightQueries.class.getName());
    private static final int MAX_ALIAS_QUERIES = 8;

    private record Key(String name, int type) {}

    final LoopResolver resolver;
    final Loop loop;
    private final Map<Key, Query> inflight = new HashMap<>();
    private boolean closed;

    InflightQueries(LoopResolver resolver, Loop loop) {
        this.resolver = resolver;
        this.loop = loop;
    }

    /** Finds the addresses of {@code type} for {@code name} (canonical), following aliases. Loop thread only. */
    void lookup(String name, int type, Consumer<Answer> callback) {
        lookup(name, type, callback, 0);
    }

    private void lookup(String name, int type, Consumer<Answer> callback, int aliasDepth) {
        ask(name, type, answer -> {
            if (answer.isPositive() && answer.addresses().isEmpty()) {
                if (aliasDepth >= MAX_ALIAS_QUERIES) {
                    callback.accept(Answer.failure(DnsException.Kind.BAD_RESPONSE, answer.nameserver(),
                            "CNAME chain longer than " + MAX_ALIAS_QUERIES + " queries"));
                } else {
                    lookup(answer.alias(), type, callback, aliasDepth + 1);
                }
            } else {
                callback.accept(answer);
            }
        });
    }

    private void ask(String name, int type, Consumer<Answer> callback) {
        Answer cached = resolver.cache.get(name, type);
        if (cached != null) {
            resolver.cacheHits.increment();
            callback.accept(cached);
            return;
        }
        if (closed) {
            callback.accept(Answer.failure(DnsException.Kind.CLOSED, null, null));
            return;
        }
        Key key = new Key(name, type);
        Query running = inflight.get(key);
        if (running != null) {
            resolver.coalesced.increment();
            running.addWaiter(callback);
            return;
        }
        Query q = new Query(this, new DnsQuestion(name, type, DnsQuestion.IN));
        q.addWaiter(callback);
        inflight.put(key, q);
        q.start();
    }

    /** Called by {@code q} once, with its outcome: caches it and forgets the query. */
    void finished(Query q, Answer answer) {
        DnsQuestion question = q.question;
        inflight.remove(new Key(question.name(), question.type()));
        long ttl = cacheTtl(answer, resolver.config);
        resolver.cache.put(question.name(), question.type(), answer, ttl);
    }

    /** How long {@code answer} may be cached under {@code config}'s caps; 0 or less for not at all. */
    static long cacheTtl(Answer answer, ResolverConfig config) {
        if (answer.isPositive()) {
            return Math.min(answer.ttl(), config.maxTtl().toSeconds());
        }
        if (answer.isNegative()) {
            return answer.ttl() >= 0 ? Math.min(answer.ttl(), config.maxNegativeTtl().toSeconds())
                    : config.negativeTtlWithoutSoa().toSeconds();
        }
        return 0; // failures are not cached: the next lookup tries again
    }

    /** Fails every query in flight with {@link DnsException.Kind#CLOSED} and refuses new ones. Loop thread only. */
    void close() {
        closed = true;
        for (Query q : new ArrayList<>(inflight.values())) {
            q.abort(DnsException.Kind.CLOSED);
        }
        inflight.clear();
    }

    static void notify(Consumer<Answer> waiter, Answer answer) {
        try {
            waiter.accept(answer);
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.WARNING, "a DNS answer callback failed", e);
        }
    }
}
