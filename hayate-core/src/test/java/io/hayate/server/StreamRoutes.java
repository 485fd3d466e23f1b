package io.hayate.server;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;

/** Streamed handlers written both ways: blocking writes where the mode allows it, timer callbacks in {@link Mode#LOOP}. */
final class StreamRoutes {
    private StreamRoutes() {}

    /**
     * The article's generator: {@code START}, pause, {@code MIDDLE}, pause, {@code END}. A blocking producer off the
     * loop; in {@link Mode#LOOP}, where a handler must not block, the same as {@code later} callbacks.
     */
    static Handler startMiddleEnd(Duration first, Duration second) {
        return startMiddleEnd(first, second, new AtomicLongArray(3));
    }

    /** As above, recording in {@code writeStarted} the {@link System#nanoTime()} just before each of the three writes. */
    static Handler startMiddleEnd(Duration first, Duration second, AtomicLongArray writeStarted) {
        return ctx -> {
            if (ctx.mode() != Mode.LOOP) {
                return Body.stream(out -> {
                    writeStarted.set(0, System.nanoTime());
                    out.write("START");
                    Thread.sleep(first.toMillis());
                    writeStarted.set(1, System.nanoTime());
                    out.write("MIDDLE");
                    Thread.sleep(second.toMillis());
                    writeStarted.set(2, System.nanoTime());
                    out.write("END");
                });
            }
            return Body.open(out -> {
                writeStarted.set(0, System.nanoTime());
                out.write("START");
                ctx.later(first, () -> {
                    writeStarted.set(1, System.nanoTime());
                    out.write("MIDDLE");
                    ctx.later(second, () -> {
                        writeStarted.set(2, System.nanoTime());
                        out.write("END");
                        out.close();
                    });
                });
            });
        };
    }
}
