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
 * <p>The default where the JDK allows it; {@code -Dhayate.virtual.carrier=jdk} asks for the JDK's scheduler. A loop
 * runs code that can block (callbacks that take a lock, Hayate's own outbound queue and WebSocket send lock, which
 * the loop takes to flush and answer pings while writers on other threads hold them). If a virtual thread this loop
 * carries must run for the lock to be free (it holds it, or the lock's release woke it rather than the loop), both
 * would wait for good. {@link CarrierWatch} breaks that: the virtual threads queued on a loop that stays blocked
 * run on rescuer threads. What it cannot help is a virtual thread that pins its carrier (a native frame, a class
 * initializer) while it waits for its own loop to do something.
 *
 * <p>The JDK (up to 25 at least) has no public way to give virtual threads a scheduler, only the builder its own
 * tests use. So this needs JDK 24 or newer (JEP 491: a virtual thread no longer pins its carrier in a
 * {@code synchronized} block; on a loop carrier a pinned thread would stall the loop) and {@code java.lang} opened to
 * Hayate ({@code --add-opens java.base/java.lang=ALL-UNNAMED}, which {@code hayate.jar}'s manifest does). Without
 * either, virtual threads use the JDK's scheduler, which is also the better choice for handlers that compute for
 * long or read files, since a loop carrier blocks in those just as a gevent hub does.
 */
final class CarriedVirtualThreads {
    /** System property: {@code loop} (the default) or {@code jdk}. */
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
        String choice = System.getProperty(PROPERTY, "loop");
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
            ThreadFactory f = ((Thread.Builder.OfVirtual) BUILDER.newInstance(scheduler(loop))).name(name).factory();
            CarrierWatch.add(loop);
            return f;
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
                loop.executeSlice(slice);
            } catch (RejectedExecutionException stopped) {
                ForkJoinPool.commonPool().execute(slice);
            }
        };
    }
}
