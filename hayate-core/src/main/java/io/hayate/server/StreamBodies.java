package io.hayate.server;

import io.hayate.loop.Loop;
import java.lang.System.Logger.Level;
import java.time.Duration;

/** Starts a streamed body once its head is on its way: the same for event-loop and blocking connections. */
final class StreamBodies {
    private static final System.Logger LOG = System.getLogger("io.hayate.server");

    private StreamBodies() {}

    /**
     * Runs {@code body} over {@code stream}. A producer runs here, on the handler's thread, and the stream is closed
     * when it returns; the other kinds are handed their stream and this returns at once.
     *
     * @param bodyAllowed false for HEAD (and 204/304): nothing is produced and the stream ends at once
     */
    static void run(Exchange ex, Body body, ChunkedStream stream, boolean bodyAllowed, Loop loop, Duration heartbeat) {
        if (!bodyAllowed) {
            ex.releaseSlot();
            stream.close();
            if (body instanceof QueueBody q) {
                q.attach(stream); // its producer learns at once that nobody reads
            }
            return;
        }
        switch (body) {
            case Body.Producer p -> {
                boolean ok = false;
                try {
                    p.producer().produce(stream);
                    ok = true;
                } catch (StreamClosedException e) {
                    // the client went away; nothing to report
                } catch (Throwable t) {
                    failed(ex, t);
                } finally {
                    ex.releaseSlot();
                    if (ok) {
                        stream.close();
                    } else {
                        stream.abort(); // no last chunk: the client must not take a cut-short body for a whole one
                    }
                }
            }
            case Body.Opened o -> {
                ex.releaseSlot();
                try {
                    o.opened().accept(stream);
                } catch (StreamClosedException e) {
                    // the client went away
                } catch (Throwable t) {
                    failed(ex, t);
                    stream.abort();
                }
            }
            case QueueBody q -> {
                ex.releaseSlot();
                q.attach(stream);
            }
            case WebSocketUpgrade u -> throw new IllegalStateException("an upgrade is not a streamed body");
            case SseBody s -> {
                ex.releaseSlot();
                SseStreamImpl sse = new SseStreamImpl(stream, ex.header("Last-Event-ID"), loop, heartbeat);
                try {
                    s.opened().accept(sse);
                } catch (StreamClosedException e) {
                    // the client went away
                } catch (Throwable t) {
                    failed(ex, t);
                    stream.abort();
                }
            }
        }
    }

    private static void failed(Exchange ex, Throwable t) {
        StackTraceElement[] frames = t.getStackTrace();
        LOG.log(Level.WARNING, ex.method() + " " + ex.target() + " stream failed: " + t
                + (frames.length > 0 ? " at " + frames[0] : ""));
        LOG.log(Level.DEBUG, "stream failure", t);
    }
}
