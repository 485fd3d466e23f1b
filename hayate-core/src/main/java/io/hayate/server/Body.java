package io.hayate.server;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * A response body that is not all there when the handler returns. Return one from a {@link Handler}:
 *
 * {@snippet :
 * // blocking style (virtual threads, worker threads): the body ends when the producer returns
 * app.get("/stream", ctx -> Body.stream(out -> {
 *     out.write("START");
 *     Thread.sleep(3000);
 *     out.write("MIDDLE");
 *     Thread.sleep(5000);
 *     out.write("END");
 * }));
 *
 * // event-loop style: the body stays open until someone closes it
 * app.get("/ticks", ctx -> Body.open(out -> ctx.later(Duration.ofSeconds(1), () -> { out.write("tick"); out.close(); })));
 *
 * // the article's gevent.queue.Queue body: any thread may put, then close
 * app.get("/fetch", ctx -> { QueueBody q = Body.queue(); worker.submit(q); return q; });
 * }
 *
 * <p>The content type is the context's, {@code text/plain; charset=utf-8} if none was set. HTTP/1.1 clients get
 * chunked transfer coding; HTTP/1.0 clients get the bytes as they come and the connection closes at the end. A
 * handler that knows the length sets {@code ctx.header("Content-Length", n)}: the body then goes with that fixed
 * length, writing past it throws {@link IllegalStateException}, and closing short of it drops the connection.
 */
public sealed interface Body permits Body.Producer, Body.Opened, QueueBody, SseBody, WebSocketUpgrade {

    /** Writes a body on the handler's own thread; the body ends when {@link #produce} returns or throws. */
    @FunctionalInterface
    interface StreamProducer {
        void produce(ResponseStream out) throws Exception;
    }

    /**
     * A body written by {@code producer} on the thread that ran the handler, which may block between writes (cheap
     * on a virtual thread; in {@link Mode#LOOP} it must not block). Ends when the producer returns; an exception
     * from it is logged and ends the body (the client sees a truncated chunked body, never a stack trace).
     */
    static Body stream(StreamProducer producer) {
        return new Producer(Objects.requireNonNull(producer, "producer"));
    }

    /**
     * A body handed to {@code opened} when the head has been sent; it stays open until {@link ResponseStream#close()}
     * is called by anyone, from any thread: for event-loop code, timers and callbacks.
     */
    static Body open(Consumer<ResponseStream> opened) {
        return new Opened(Objects.requireNonNull(opened, "opened"));
    }

    /** A queue body: put chunks from any thread (before or after the handler returned), then close it. */
    static QueueBody queue() {
        return new QueueBody();
    }

    /** Server-sent events ({@code text/event-stream}); see {@link SseStream}. The stream stays open until closed. */
    static Body sse(Consumer<SseStream> opened) {
        return new SseBody(Objects.requireNonNull(opened, "opened"));
    }

    /** {@link #stream}. */
    record Producer(StreamProducer producer) implements Body {}

    /** {@link #open}. */
    record Opened(Consumer<ResponseStream> opened) implements Body {}
}
