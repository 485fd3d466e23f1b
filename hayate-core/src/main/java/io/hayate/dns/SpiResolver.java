package io.hayate.dns;

import io.hayate.loop.Loop;
import io.hayate.loop.LoopGroup;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The {@link InetAddressResolver} that {@link HayateInetAddressResolverProvider} hands the JDK: forward lookups on
 * a {@link Resolver} with a private loop that stops when idle, reverse lookups on the built-in resolver.
 *
 * <p><b>Threading.</b> Called by the JDK on any thread, often many at once.
 */
final class SpiResolver implements InetAddressResolver {
    /**
     * How long the private loop outlives the last lookup. Loop threads are not daemon threads, so a loop left
     * running would keep the JVM from exiting after {@code main} returns.
     */
    static final long IDLE_STOP_MILLIS = 2000;

    private final ResolverConfig config;
    private final InetAddressResolver builtin;
    private final long idleStopMillis;
    private LoopGroup loops;      // guarded by this
    private Resolver resolver;    // guarded by this
    private int inUse;            // guarded by this
    private long generation;      // guarded by this

    SpiResolver(ResolverConfig config, InetAddressResolver builtin) {
        this(config, builtin, IDLE_STOP_MILLIS);
    }

    SpiResolver(ResolverConfig config, InetAddressResolver builtin, long idleStopMillis) {
        this.config = config;
        this.builtin = builtin;
        this.idleStopMillis = idleStopMillis;
    }

    @Override
    public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
        AddressOrder order = order(policy.characteristics(), config.order());
        Resolver r = acquire();
        try {
            return r.resolveBlocking(host, order).stream();
        } finally {
            release();
        }
    }

    @Override
    public String lookupByAddress(byte[] addr) throws UnknownHostException {
        return builtin.lookupByAddress(addr);
    }

    /** The families and order a JDK lookup policy asks for; {@code fallback} when it leaves the order open. */
    static AddressOrder order(int characteristics, AddressOrder fallback) {
        boolean v4 = (characteristics & LookupPolicy.IPV4) != 0;
        boolean v6 = (characteristics & LookupPolicy.IPV6) != 0;
        if (v4 && !v6) {
            return AddressOrder.IPV4_ONLY;
        }
        if (v6 && !v4) {
            return AddressOrder.IPV6_ONLY;
        }
        if ((characteristics & LookupPolicy.IPV6_FIRST) != 0) {
            return AddressOrder.IPV6_FIRST;
        }
        if ((characteristics & LookupPolicy.IPV4_FIRST) != 0) {
            return AddressOrder.IPV4_FIRST;
        }
        return fallback == AddressOrder.IPV6_FIRST ? AddressOrder.IPV6_FIRST : AddressOrder.IPV4_FIRST;
    }

    private synchronized Resolver acquire() {
        if (resolver == null) {
            loops = new LoopGroup(1, "hayate-dns", true); // daemon: lookups must not keep an application alive
            resolver = Resolver.create(loops, config);
        }
        inUse++;
        generation++;
        return resolver;
    }

    private synchronized void release() {
        if (--inUse == 0) {
            long idleSince = generation;
            Loop loop = loops.next();
            loop.schedule(idleStopMillis, TimeUnit.MILLISECONDS, () -> stopIfIdle(idleSince));
        }
    }

    /** Runs on the loop thread: stops the loop unless a lookup came since. */
    private void stopIfIdle(long idleSince) {
        Resolver r;
        LoopGroup g;
        synchronized (this) {
            if (inUse > 0 || generation != idleSince || resolver == null) {
                return;
            }
            r = resolver;
            g = loops;
            resolver = null;
            loops = null;
        }
        r.close();
        g.loops().forEach(Loop::close); // not LoopGroup.close(): that would wait here, on the loop, for the loop
    }

    @Override
    public String toString() {
        return "hayate " + config.nameservers();
    }
}
