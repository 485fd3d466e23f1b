package io.hayate.cli;

import io.hayate.cli.ChatRoom.Batch;
import io.hayate.cli.ChatRoom.Entry;
import io.hayate.cli.ChatRoom.Message;
import io.hayate.cli.ChatRoom.Reset;
import io.hayate.loop.Loop;
import io.hayate.loop.Timer;
import io.hayate.server.App;
import io.hayate.server.Body;
import io.hayate.server.Context;
import io.hayate.server.Handler;
import io.hayate.server.HttpError;
import io.hayate.server.Mode;
import io.hayate.server.QueueBody;
import io.hayate.server.SseEvent;
import io.hayate.server.SseStream;
import io.hayate.server.WebSocket;
import io.hayate.server.WebSocketListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The chat demo: the fourth article's "long-polling chat limited to 20 connections", without the limit, over three
 * transports that all see the same {@link ChatRoom}.
 *
 * <ul>
 *   <li>{@code GET /chat}: the page (plain HTML and JavaScript; {@code ?transport=ws|sse|poll} picks the transport)</li>
 *   <li>{@code GET /chat/ws?after=N}: WebSocket; every text frame from the server is one JSON entry (below); a text
 *       frame {@code {"name":…,"text":…}} from the client publishes, and a bad one is answered with
 *       {@code {"type":"error","message":…}}</li>
 *   <li>{@code GET /chat/events?after=N}: server-sent events; each entry is one {@code message} event whose data is
 *       the JSON entry; messages carry {@code id: <message id>}, so the browser's automatic reconnect sends
 *       {@code Last-Event-ID}, which wins over {@code ?after}</li>
 *   <li>{@code GET /chat/poll?after=N}: long poll; answers a JSON array of entries at once if there is anything after
 *       N, else when the next message comes, else after 25 s with {@code []}</li>
 *   <li>{@code POST /chat/send}: a form or JSON body with {@code name} and {@code text}: publishes and answers the
 *       message (200), or {@code {"error":…}} (400; 415 for another content type)</li>
 * </ul>
 *
 * <p>Entries are JSON objects: {@code {"type":"message","id":12,"name":"…","text":"…","time":<epoch ms>}}, or the
 * markers {@code {"type":"missed","after":5,"next":120}} (messages 6..119 fell out of the history) and
 * {@code {"type":"reset","after":500,"last":3}} (the server has no message 500: it restarted; its history follows).
 * {@code after} is the id of the last message the client has; without it a client gets the 100 most recent
 * messages first. Whatever the transport, a client resuming with its last id gets what it missed, once.
 *
 * <p>Clients cost no thread while idle: WebSocket clients are callbacks, event streams and held polls are bodies fed
 * from the connection's event loop. Nothing a client does makes a publisher wait: a WebSocket or event-stream client
 * that falls more than {@link #MAX_BEHIND} bytes behind (past the server's own buffer) is disconnected, and resumes
 * from the history when it reconnects.
 *
 * <p>In {@link Mode#BLOCKING} the server holds one connection at a time, so the chat must not hold any: polls are
 * answered at once (the page then polls every second) and {@code /chat/events} is refused with 503.
 */
final class Chat {
    static final Duration POLL_TIMEOUT = Duration.ofSeconds(25);
    /** Messages in one poll answer; a client that is further behind polls again at once. */
    static final int POLL_BATCH = 100;
    /** Bytes a WebSocket or event-stream client may fall behind beyond the server's buffer before it is dropped. */
    static final long MAX_BEHIND = 1 << 20;
    /** How long a browser waits before reconnecting an event stream. */
    static final Duration SSE_RETRY = Duration.ofSeconds(1);
    private static final Pattern ID = Pattern.compile("[0-9]{1,18}");
    private static final String JSON = "application/json";

    private final ChatRoom room;
    private final Duration pollTimeout;
    private final String page;

    Chat(ChatRoom room, Duration pollTimeout) {
        this.room = Objects.requireNonNull(room, "room");
        this.pollTimeout = Objects.requireNonNull(pollTimeout, "pollTimeout");
        this.page = resource("chat.html");
    }

    ChatRoom room() {
        return room;
    }

    /** Adds the chat's routes; {@code wrap} decorates each HTTP handler (the demo's access log). */
    App routes(App app, UnaryOperator<Handler> wrap) {
        return app
                .get("/chat", wrap.apply(this::page))
                .ws("/chat/ws", new WebSocketEndpoint())
                .get("/chat/events", wrap.apply(this::events))
                .get("/chat/poll", wrap.apply(this::poll))
                .post("/chat/send", wrap.apply(this::send));
    }

    // ------------------------------------------------------------------ page

    private Object page(Context ctx) {
        String mode = ctx.mode().name().toLowerCase(Locale.ROOT);
        ctx.header("Cache-Control", "no-store");
        return ctx.html(page.replace("<meta name=\"hayate-mode\" content=\"\">",
                "<meta name=\"hayate-mode\" content=\"" + mode + "\">"));
    }

    // ------------------------------------------------------------------ send

    private Object send(Context ctx) {
        String type = Objects.requireNonNullElse(ctx.header("Content-Type"), "").toLowerCase(Locale.ROOT);
        String name;
        String text;
        if (type.startsWith("application/x-www-form-urlencoded")) {
            name = ctx.formParam("name");
            text = ctx.formParam("text");
        } else if (type.startsWith(JSON)) {
            Map<String, Object> fields;
            try {
                fields = fields(ctx.bodyAsString());
            } catch (IllegalArgumentException e) {
                return error(ctx, 400, e.getMessage());
            }
            Object n = fields.get("name");
            Object t = fields.get("text");
            if ((n != null && !(n instanceof String)) || (t != null && !(t instanceof String))) {
                return error(ctx, 400, "name and text must be strings");
            }
            name = (String) n;
            text = (String) t;
        } else {
            return error(ctx, 415, "send a form (application/x-www-form-urlencoded) or JSON (application/json)"
                    + " with name and text");
        }
        try {
            Message m = room.publish(name, text);
            ctx.header("Cache-Control", "no-store");
            return ctx.contentType(JSON).text(m.json());
        } catch (IllegalArgumentException e) {
            return error(ctx, 400, e.getMessage());
        }
    }

    private static Map<String, Object> fields(String body) {
        Object v = Json.parse(body);
        if (!(v instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("expected a JSON object with name and text");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) map;
        return fields;
    }

    private static Object error(Context ctx, int status, String message) {
        return ctx.status(status).contentType(JSON).text("{\"error\":" + Json.quote(message) + "}\n");
    }

    // ------------------------------------------------------------------ long poll

    private Object poll(Context ctx) {
        Long after = after(ctx.queryParam("after"), "after");
        Batch now = room.since(after == null ? room.recentCursor() : after, POLL_BATCH);
        ctx.contentType(JSON).header("Cache-Control", "no-store");
        if (!now.isEmpty() || ctx.mode() == Mode.BLOCKING) {
            return ctx.text(array(now));
        }
        // Nothing yet: hold the request with a queue body, fed from this connection's loop by the first batch or the
        // timeout, whichever comes first. Both run on that loop, so they cannot interleave.
        QueueBody body = Body.queue();
        AtomicBoolean answered = new AtomicBoolean();
        ChatRoom.Subscriber sub = room.subscribe(now.cursor(), POLL_BATCH, ctx.loop(), new ChatRoom.Sink() {
            @Override
            public boolean deliver(Batch batch) {
                if (answered.compareAndSet(false, true)) {
                    body.put(array(batch));
                    body.close();
                }
                return false; // one batch per poll
            }

            @Override
            public void disconnect() {
                if (answered.compareAndSet(false, true)) {
                    body.close(); // an empty answer: the client treats it as an error and polls again
                }
            }
        });
        Timer timeout = ctx.later(pollTimeout, () -> {
            if (answered.compareAndSet(false, true)) {
                sub.cancel();
                body.put("[]");
                body.close();
            }
        });
        body.onClose(() -> {
            sub.cancel();
            timeout.cancel();
        });
        return body;
    }

    private static String array(Batch batch) {
        StringBuilder sb = new StringBuilder(2 + batch.entries().size() * 96).append('[');
        for (Entry e : batch.entries()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append(e.json());
        }
        return sb.append(']').toString();
    }

    // ------------------------------------------------------------------ server-sent events

    private Object events(Context ctx) {
        if (ctx.mode() == Mode.BLOCKING) {
            throw new HttpError(503, "the blocking server serves one connection at a time, and an event stream would "
                    + "hold it: use /chat?transport=poll");
        }
        Long after = null;
        String last = ctx.header("Last-Event-ID");
        if (last != null && ID.matcher(last.strip()).matches()) {
            after = Long.parseLong(last.strip()); // the browser's automatic reconnect: newer than ?after
        }
        if (after == null) {
            after = after(ctx.queryParam("after"), "after");
        }
        Long from = after;
        Loop loop = ctx.loop();
        ctx.header("Cache-Control", "no-store");
        return Body.sse(sse -> {
            sse.retry(SSE_RETRY); // sent before the subscription's first batch, which runs on the loop
            ChatRoom.Subscriber sub = room.subscribe(from, Integer.MAX_VALUE, loop, new SseSink(sse));
            sse.onClose(sub::cancel);
        });
    }

    private static final class SseSink implements ChatRoom.Sink {
        private final SseStream sse;
        private final Lag lag = new Lag();

        SseSink(SseStream sse) {
            this.sse = sse;
        }

        @Override
        public boolean deliver(Batch batch) {
            boolean writable = true;
            long bytes = 0;
            for (Entry e : batch.entries()) {
                // a message's id is what the browser sends back as Last-Event-ID; a reset starts the count over
                String id = e instanceof Message m ? Long.toString(m.id()) : e instanceof Reset ? "0" : null;
                writable = sse.send(new SseEvent(id, null, e.json(), null));
                bytes += e.json().length();
            }
            if (lag.tooFar(writable, bytes)) {
                sse.close(); // the browser reconnects with Last-Event-ID and resumes from the history
                return false;
            }
            return true;
        }

        @Override
        public void disconnect() {
            sse.close();
        }
    }

    // ------------------------------------------------------------------ WebSocket

    /** Callbacks on each connection's loop: an idle client holds no thread. */
    private final class WebSocketEndpoint implements WebSocketListener {
        private final Map<WebSocket, ChatRoom.Subscriber> subscribers = new ConcurrentHashMap<>();

        @Override
        public void onOpen(WebSocket ws) {
            Long after;
            try {
                after = after(ws.queryParam("after"), "after");
            } catch (HttpError e) {
                ws.close(1008, e.getMessage());
                return;
            }
            Loop loop = Objects.requireNonNull(Loop.current(), "WebSocket callbacks run on the connection's loop");
            subscribers.put(ws, room.subscribe(after, Integer.MAX_VALUE, loop, new WebSocketSink(ws)));
        }

        @Override
        public void onText(WebSocket ws, String text) {
            String why;
            try {
                Map<String, Object> fields = fields(text);
                if (fields.get("name") instanceof String name && fields.get("text") instanceof String t) {
                    room.publish(name, t); // every client, this one too, gets it through its subscription
                    return;
                }
                why = "send {\"name\": \"…\", \"text\": \"…\"}";
            } catch (IllegalArgumentException e) {
                why = e.getMessage();
            }
            ws.send("{\"type\":\"error\",\"message\":" + Json.quote(why) + "}");
        }

        @Override
        public void onClose(WebSocket ws, int code, String reason) {
            ChatRoom.Subscriber sub = subscribers.remove(ws);
            if (sub != null) {
                sub.cancel();
            }
        }
    }

    private static final class WebSocketSink implements ChatRoom.Sink {
        private final WebSocket ws;
        private final Lag lag = new Lag();

        WebSocketSink(WebSocket ws) {
            this.ws = ws;
        }

        @Override
        public boolean deliver(Batch batch) {
            boolean writable = true;
            long bytes = 0;
            for (Entry e : batch.entries()) {
                writable = ws.send(e.json());
                bytes += e.json().length();
            }
            if (lag.tooFar(writable, bytes)) {
                ws.close(1013, "too far behind: reconnect with ?after=<last id>");
                return false;
            }
            return true;
        }

        @Override
        public void disconnect() {
            ws.close(1012, "chat restarting: reconnect with ?after=<last id>");
        }
    }

    /**
     * How far a client is behind: a send on the loop never waits, it says whether the client is past the high-water
     * mark. The first batch (the replay) may be large and is not counted; after it, what is sent while the client
     * stays past the mark adds up, and past {@link #MAX_BEHIND} the client is dropped.
     */
    static final class Lag {
        private boolean replayed;
        private long behind;

        boolean tooFar(boolean writable, long bytes) {
            if (writable) {
                behind = 0;
            } else if (replayed) {
                behind += bytes;
            }
            replayed = true;
            return behind > MAX_BEHIND;
        }
    }

    // ------------------------------------------------------------------ helpers

    /** A message id from the client: {@code null} when absent. @throws HttpError 400 when not a non-negative integer */
    private static Long after(String value, String what) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!ID.matcher(value).matches()) {
            throw new HttpError(400, what + " must be the id of a message: a non-negative integer");
        }
        return Long.parseLong(value);
    }

    private static String resource(String name) {
        try (InputStream in = Chat.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }
}
