package io.hayate.loop;

import java.lang.reflect.Constructor;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;

/**
 * Virtual threads whose carrier is a loop's own thread instead of one of the JDK's scheduler threads: gevent's model,
 * where the hub that polls the sockets also runs the greenlets. A handler's virtual thread starts at the loop's next
 * turn, runs on the loop thread until it blocks (a socket, a sleep, a lock, a queue), and then the loop goes on with
 * its channels until something unparks the thread again. No hand-off between two threads per request, so a handler on
 * a virtual thread costs about what a handler on the loop costs.
 *
 * <p>Opt-in ({@code -Dhayate.virtual.carrier=loop}); the default is the JDK's scheduler. A loop carrier must never
 * wait for a lock that one of its own virtual threads also waits for: when the lock is released, the JVM (a monitor's
 * exit, a ReentrantLock's release) wakes one waiter, and if that is the virtual thread, it can only run on the loop
 * that is itself parked waiting for the lock, and both wait for good. An application that shares a lock between loop
 * callbacks and virtual-thread handlers (the demo's chat room does) can deadlock, which a test run of the demo's chat
 * did once; so can Hayate's own outbound queue and WebSocket send lock, which the loop takes to flush and answer pings
 * while writers on other threads hold them. So the loops carry virtual threads only when asked.
 *
 * <p>The JDK (up to 25 at least) has no public way to give virtual threads a scheduler, only the builder its own
 * tests use. So this needs JDK 24 or newer (JEP 491: a virtual thread no longer pins its carrier in a
 * {@code synchronized} block; on a loop carrier a pinned thread would stall the loop) and {@code java.lang} opened to
 * Hayate ({@code --add-opens java.base/java.lang=ALL-UNNAMED}, which {@code hayate.jar}'s manifest does). Without
 * either, virtual threads use the JDK's scheduler, which is also the better choice for handlers that compute for
 * long or read files, since a loop carrier blocks in those just as a gevent hub does.
 */
final class CarriedVirtualThreads {
    /** System property: {@code jdk} (the default) or {@code loop}. */
    static final String PROPERTY = "hayate.virtual.carrier";

    private static final Constructor<?> BUILDER;
    private static final String UNAVAILABLE;

    static {
        Constructor<?> builder = null;
        String why = null;
        int feature = Runtime.version().feature();
        if (feature < 24) {
            why = "JDK " + feature + " pins a virtual thread to its carrier in synchronized blocks (fixed in JDK 24)";
        } else {
            try {
                builder = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder")
                        .getDeclaredConstructor(Executor.class);
                builder.setAccessible(true);
            } catch (ReflectiveOperationException | RuntimeException e) {
                builder = null;
                why = "java.base does not open java.lang to Hayate (--add-opens java.base/java.lang=ALL-UNNAMED)";
            }
        }
        BUILDER = builder;
        UNAVAILABLE = why;
    }

    private CarriedVirtualThreads() {}

    /** Why virtual threads run on the JDK's scheduler, or {@code null} when loops carry them. */
    static String whyNot() {
        String choice = System.getProperty(PROPERTY);
        if (choice == null) {
            return "the default; -D" + PROPERTY + "=loop has the loops carry them";
        }
        if (!choice.equalsIgnoreCase("loop")) {
            return "-D" + PROPERTY + "=" + choice + (choice.equalsIgnoreCase("jdk") ? "" : ", which is neither loop nor jdk");
        }
        return UNAVAILABLE;
    }

    /** A factory of virtual threads called {@code name} carried by {@code loop}, or on the JDK's scheduler. */
    static ThreadFactory factory(Loop loop, String name) {
        if (whyNot() != null) {
            return Thread.ofVirtual().name(name).factory();
        }
        try {
            return ((Thread.Builder.OfVirtual) BUILDER.newInstance(scheduler(loop))).name(name).factory();
        } catch (ReflectiveOperationException e) { // the constructor was found and made accessible above
            throw new IllegalStateException("cannot make virtual threads carried by " + loop.name(), e);
        }
    }

    /**
     * Runs a virtual thread's next slice on the loop, at its next turn. Once the loop has stopped, threads still
     * parked (a handler past the shutdown deadline) continue on the common pool, find their connection closed and end.
     */
    private static Executor scheduler(Loop loop) {
        return slice -> {
            try {
                loop.execute(slice);
            } catch (RejectedExecutionException stopped) {
                ForkJoinPool.commonPool().execute(slice);
            }
        };
    }
}
