package io.hayate.cli;

import io.hayate.server.App;
import io.hayate.server.Body;
import io.hayate.server.Mode;
import io.hayate.server.QueueBody;
import io.hayate.server.SseStream;
import io.hayate.server.StreamClosedException;
import io.hayate.server.WebSocket;
import io.hayate.server.WebSocketHandler;
import io.hayate.server.WebSocketListener;
import io.hayate.server.WebSocketMessage;
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
 *   <li>{@code GET /stream}, {@code /fetch}, {@code /events}, {@code /websocket}: the fourth article's streaming,
 *       queue body, server-sent events and WebSocket echo</li>
 *   <li>{@code /chat} and {@code /chat/*}: its long-polling chat, over WebSocket, SSE and long polls (see {@link Chat})</li>
 * </ul>
 */
public final class DemoApp {
    static final Duration LATER = Duration.ofSeconds(5);
    private static final Duration FETCH_TICK = Duration.ofMillis(500);
    private static final Duration EVENT_TICK = Duration.ofSeconds(1);
    private Duration streamPause1 = Duration.ofSeconds(3);
    private Duration streamPause2 = Duration.ofSeconds(5);
    private final PushRoutes push = new PushRoutes();
    private String webSocketStyle;
    private static final Duration SLOW = Duration.ofSeconds(1);

    private final Path numbers;
    private final LineLog log;
    private final boolean accessLog;
    private final Duration later;
    private Chat chat = new Chat(new ChatRoom(), Chat.POLL_TIMEOUT);

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

    /** Shorter pauses for /stream, for tests. */
    DemoApp withStreamPauses(Duration first, Duration second) {
        this.streamPause1 = first;
        this.streamPause2 = second;
        return this;
    }

    /** A chat with its own room and poll timeout, for tests. */
    DemoApp withChat(ChatRoom room, Duration pollTimeout) {
        this.chat = new Chat(room, pollTimeout);
        return this;
    }

    /** The chat's room. */
    ChatRoom chatRoom() {
        return chat.room();
    }

    /** Adds the demo's routes to {@code app}. */
    App routes(App app) {
        chat.routes(app, this::logged);
        push.routes(app);
        if (callbackWebSockets(app)) {
            app.ws("/websocket", echoListener);
        } else {
            app.ws("/websocket", echoLoop);
        }
        return app
                .get("/", logged(ctx -> ctx.html("Hello World")))
                .get("/numbers", ctx -> {
                    long start = System.nanoTime();
                    StringBuilder lines = numberLines();
                    Object answer = ctx.html("Hello World");
                    if (accessLog) {
                        lines.append(accessLine(ctx, start)); // one write for the request's lines and its log line
                    }
                    log.write(lines);
                    return answer;
                })
                .get("/numbers/later", logged(ctx -> {
                    ctx.later(later, this::readAndLog);
                    return ctx.html("Hello World");
                }))
                .get("/slow", logged(ctx -> ctx.delay(SLOW).thenApply(x -> "slow response after 1 s\n")))
                .get("/sleep", logged(ctx -> ctx.delay(SLOW).thenApply(x -> "slow response after 1 s\n")))
                .get("/plaintext", logged(ctx -> "Hello, World!"))
                .get("/stream", logged(this::stream))
                .get("/fetch", logged(this::fetch))
                .get("/events", logged(this::events))
                .ws("/websocket/blocking", echoLoop)
                .ws("/websocket/callbacks", echoListener)
                .post("/echo", logged(ctx -> {
                    String type = ctx.header("Content-Type");
                    return ctx.contentType(type != null ? type : "application/octet-stream").bytes(ctx.body());
                }));
    }

    /** The article's gevent-websocket loop, line for line, on a virtual thread (or a worker, or the blocking thread). */
    private final WebSocketHandler echoLoop = ws -> {
        push.sockets().add(ws);
        try {
            WebSocketMessage message;
            while ((message = ws.receive()) != null) {
                ws.send("Your message was: '" + message.asText() + "'");
            }
        } finally {
            push.sockets().remove(ws);
        }
    };

    /** The same echo as event-loop callbacks: an idle connection holds no thread. */
    private final WebSocketListener echoListener = new WebSocketListener() {
        @Override
        public void onOpen(WebSocket ws) {
            push.sockets().add(ws);
        }

        @Override
        public void onText(WebSocket ws, String text) {
            ws.send("Your message was: '" + text + "'");
        }

        @Override
        public void onClose(WebSocket ws, int code, String reason) {
            push.sockets().remove(ws);
        }
    };

    private boolean callbackWebSockets(App app) {
        return webSocketStyle == null ? app.config().mode() == Mode.LOOP : webSocketStyle.equals("callbacks");
    }

    /** Which style /websocket uses: "blocking", "callbacks", or {@code null} for callbacks in LOOP mode only. */
    DemoApp withWebSocketStyle(String style) {
        this.webSocketStyle = style;
        return this;
    }

    /**
     * The fourth article's {@code yield 'START'; sleep(3); yield 'MIDDLE'; sleep(5); yield 'END'}: line for line on a
     * thread that may block, and as timer callbacks on the event loop.
     */
    private Object stream(Context ctx) {
        if (ctx.mode() != Mode.LOOP) {
            return Body.stream(out -> {
                out.write("START");
                Thread.sleep(streamPause1.toMillis());
                out.write("MIDDLE");
                Thread.sleep(streamPause2.toMillis());
                out.write("END");
            });
        }
        return Body.open(out -> {
            out.write("START");
            ctx.later(streamPause1, () -> {
                out.write("MIDDLE");
                ctx.later(streamPause2, () -> {
                    out.write("END");
                    out.close();
                });
            });
        });
    }

    /**
     * The article's long-poll body, a queue fed by a worker: {@code worker.on_data(body.put)},
     * {@code worker.on_finish(body.put(StopIteration))}. The worker here is a timer that produces five chunks.
     */
    private Object fetch(Context ctx) {
        QueueBody body = Body.queue();
        feed(ctx, body, 1);
        return body;
    }

    private void feed(Context ctx, QueueBody body, int n) {
        ctx.later(FETCH_TICK, () -> {
            if (!body.put("chunk " + n + "\n")) {
                return; // the client left
            }
            if (n == 5) {
                body.close();
            } else {
                feed(ctx, body, n + 1);
            }
        });
    }

    /** Server-sent events: one a second with increasing ids; a reconnect with Last-Event-ID n resumes at n + 1. */
    private Object events(Context ctx) {
        return Body.sse(events -> {
            long next = 1;
            String last = events.lastEventId();
            if (last != null) {
                try {
                    next = Long.parseLong(last.strip()) + 1;
                } catch (NumberFormatException e) {
                    next = 1;
                }
            }
            tick(ctx, events, next);
        });
    }

    private void tick(Context ctx, SseStream events, long id) {
        try {
            events.send(Long.toString(id), "tick", "event " + id);
        } catch (StreamClosedException e) {
            return;
        }
        ctx.later(EVENT_TICK, () -> tick(ctx, events, id + 1));
    }

    /** The article's generator: logs every line of numbers.txt as {@code index:line}. */
    void readAndLog() {
        log.write(numberLines());
    }

    private StringBuilder numberLines() {
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
        return lines;
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
        log.write(accessLine(ctx, start));
    }

    private static String accessLine(Context ctx, long start) {
        return ctx.remoteAddress() + " " + ctx.method() + " " + ctx.target() + " " + ctx.protocol() + " => "
                + ctx.status() + " in " + (System.nanoTime() - start) / 1000 + " us\n";
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
