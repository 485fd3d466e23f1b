package io.hayate.cli;

import io.hayate.server.App;
import io.hayate.server.Context;
import io.hayate.server.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * The articles' experiments as one app. The same routes run unchanged in every mode.
 *
 * <ul>
 *   <li>{@code GET /}: {@code Hello World}</li>
 *   <li>{@code GET /numbers}: reads numbers.txt and logs {@code k:v} lines before answering (article 1, blocking)</li>
 *   <li>{@code GET /numbers/later}: answers at once and logs them 5 s later with {@code later} (article 1, asyncio)</li>
 *   <li>{@code GET /slow} (and {@code /sleep}): answers after 1 s from a timer, holding no thread (article 2's API)</li>
 *   <li>{@code GET /plaintext}: {@code Hello, World!} for benchmarks</li>
 *   <li>{@code POST /echo}: the request body back, with its content type</li>
 * </ul>
 */
public final class DemoApp {
    static final Duration LATER = Duration.ofSeconds(5);
    private static final Duration SLOW = Duration.ofSeconds(1);

    private final Path numbers;
    private final LineLog log;
    private final boolean accessLog;
    private final Duration later;

    /**
     * @param numbers   the file {@code /numbers} reads on every request
     * @param log       where {@code k:v} lines (and access lines) go
     * @param accessLog whether to log one line per request, as uWSGI does with {@code --logto}
     */
    DemoApp(Path numbers, LineLog log, boolean accessLog) {
        this(numbers, log, accessLog, LATER);
    }

    DemoApp(Path numbers, LineLog log, boolean accessLog, Duration later) {
        this.numbers = numbers;
        this.log = log;
        this.accessLog = accessLog;
        this.later = later;
    }

    /** Adds the demo's routes to {@code app}. */
    App routes(App app) {
        return app
                .get("/", logged(ctx -> ctx.html("Hello World")))
                .get("/numbers", logged(ctx -> {
                    readAndLog();
                    return ctx.html("Hello World");
                }))
                .get("/numbers/later", logged(ctx -> {
                    ctx.later(later, this::readAndLog);
                    return ctx.html("Hello World");
                }))
                .get("/slow", logged(ctx -> ctx.delay(SLOW).thenApply(x -> "slow response after 1 s\n")))
                .get("/sleep", logged(ctx -> ctx.delay(SLOW).thenApply(x -> "slow response after 1 s\n")))
                .get("/plaintext", logged(ctx -> "Hello, World!"))
                .post("/echo", logged(ctx -> {
                    String type = ctx.header("Content-Type");
                    return ctx.contentType(type != null ? type : "application/octet-stream").bytes(ctx.body());
                }));
    }

    /** The article's generator: every line of numbers.txt as {@code index:line}. */
    void readAndLog() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(numbers);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + numbers, e);
        }
        StringBuilder lines = new StringBuilder(bytes.length + 32);
        int k = 0;
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length ? i > start : bytes[i] == '\n') {
                lines.append(k++).append(':').append(new String(bytes, start, i - start, StandardCharsets.UTF_8)).append('\n');
                start = i + 1;
            }
        }
        log.write(lines);
    }

    private Handler logged(Handler h) {
        if (!accessLog) {
            return h;
        }
        return ctx -> {
            long start = System.nanoTime();
            Object result = h.handle(ctx);
            access(ctx, start);
            return result;
        };
    }

    private void access(Context ctx, long start) {
        log.write(ctx.remoteAddress() + " " + ctx.method() + " " + ctx.target() + " " + ctx.protocol() + " => "
                + ctx.status() + " in " + (System.nanoTime() - start) / 1000 + " us\n");
    }

    /** numbers.txt as shipped, copied to a real file so every request reads from disk as the article's app does. */
    static Path shippedNumbers() {
        try (InputStream in = DemoApp.class.getResourceAsStream("numbers.txt")) {
            if (in == null) {
                throw new IllegalStateException("numbers.txt is missing from the jar");
            }
            Path file = Files.createTempFile("hayate-numbers-", ".txt");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write numbers.txt to a temporary file", e);
        }
    }
}
