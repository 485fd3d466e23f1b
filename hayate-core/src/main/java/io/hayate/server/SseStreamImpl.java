package io.hayate.server;

import io.hayate.loop.Loop;
import io.hayate.loop.Timer;
import java.nio.ByteBuffer;
import java.time.Duration;

/** {@link SseStream} over a {@link ChunkedStream}, with a heartbeat comment while idle. */
final class SseStreamImpl implements SseStream {
    private static final byte[] HEARTBEAT = SseEvent.comment("heartbeat");

    private final ChunkedStream stream;
    private final String lastEventId;
    private final Loop loop;
    private final long heartbeatNanos;
    private volatile long lastWrite = System.nanoTime();
    private volatile Timer heartbeat;

    SseStreamImpl(ChunkedStream stream, String lastEventId, Loop loop, Duration heartbeat) {
        this.stream = stream;
        this.lastEventId = lastEventId;
        this.loop = loop;
        this.heartbeatNanos = heartbeat.toNanos();
        if (heartbeatNanos > 0) {
            this.heartbeat = loop.schedule(heartbeat, this::beat);
            stream.onClose(() -> {
                Timer t = this.heartbeat;
                if (t != null) {
                    t.cancel();
                }
            });
        }
    }

    private void beat() {
        if (!stream.isOpen()) {
            return;
        }
        long idle = System.nanoTime() - lastWrite;
        if (idle >= heartbeatNanos) {
            try {
                stream.write(ByteBuffer.wrap(HEARTBEAT), false);
                lastWrite = System.nanoTime();
            } catch (StreamClosedException e) {
                return;
            }
            idle = 0;
        }
        heartbeat = loop.schedule(java.time.Duration.ofNanos(heartbeatNanos - idle), this::beat);
    }

    @Override
    public String lastEventId() {
        return lastEventId;
    }

    @Override
    public boolean send(SseEvent event) {
        boolean ok = stream.write(ByteBuffer.wrap(event.encode()), true);
        lastWrite = System.nanoTime();
        return ok;
    }

    @Override
    public boolean comment(String text) {
        boolean ok = stream.write(ByteBuffer.wrap(SseEvent.comment(text)), true);
        lastWrite = System.nanoTime();
        return ok;
    }

    @Override
    public boolean isOpen() {
        return stream.isOpen();
    }

    @Override
    public void onClose(Runnable task) {
        stream.onClose(task);
    }

    @Override
    public void close() {
        stream.close();
    }
}
