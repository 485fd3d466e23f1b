package io.hayate.server;

import io.hayate.loop.IoHandler;
import io.hayate.loop.Loop;
import io.hayate.loop.LoopGroup;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Accepts connections on the first loop and hands them to the loops round-robin. At {@code maxConnections} it
 * stops accepting (clients wait in the backlog) until a connection closes.
 */
final class Acceptor implements IoHandler {
    private static final System.Logger LOG = System.getLogger("io.hayate.server");
    private static final int ACCEPTS_PER_WAKEUP = 256;

    private final HttpServer server;
    private final ServerSocketChannel channel;
    private final Loop loop;
    private final LoopGroup loops;
    private final boolean tcp;
    private SelectionKey key;
    private volatile boolean paused; // written on the loop, read by closing connections
    private final AtomicBoolean resumeScheduled = new AtomicBoolean();

    Acceptor(HttpServer server, ServerSocketChannel channel, Loop loop, LoopGroup loops, boolean tcp) {
        this.server = server;
        this.channel = channel;
        this.loop = loop;
        this.loops = loops;
        this.tcp = tcp;
    }

    /** Loop thread. */
    void register() throws IOException {
        key = loop.register(channel, SelectionKey.OP_ACCEPT, this);
    }

    @Override
    public void onReady(SelectionKey key) {
        for (int i = 0; i < ACCEPTS_PER_WAKEUP; i++) {
            if (server.openConnections() >= server.config().maxConnections()) {
                pause();
                // A connection that closed between the check and the pause saw no pause to undo: look again.
                if (server.openConnections() < server.config().maxConnections()) {
                    connectionClosed();
                }
                return;
            }
            SocketChannel ch;
            try {
                ch = channel.accept();
            } catch (IOException e) {
                // out of file descriptors, most likely: back off instead of spinning on a ready key
                LOG.log(Level.WARNING, "accept failed (" + e.getMessage() + "); pausing accepts for 100 ms");
                pause();
                loop.schedule(Duration.ofMillis(100), this::resume);
                return;
            }
            if (ch == null) {
                return;
            }
            server.connectionOpened();
            try {
                ch.configureBlocking(false);
                if (tcp) {
                    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                }
            } catch (IOException e) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // already gone
                }
                server.connectionClosed();
                continue;
            }
            Loop target = loops.next();
            Http1Connection c = new Http1Connection(server, target, ch);
            if (target == loop) {
                c.open();
            } else {
                target.execute(c::open);
            }
        }
    }

    private void pause() {
        if (!paused && key.isValid()) {
            paused = true;
            key.interestOps(0);
        }
    }

    /** A connection closed: accept again if accepting was paused. Any thread. */
    void connectionClosed() {
        if (paused && !resumeScheduled.getAndSet(true)) {
            loop.execute(this::resume);
        }
    }

    private void resume() {
        resumeScheduled.set(false);
        if (paused && key.isValid() && server.openConnections() < server.config().maxConnections()) {
            paused = false;
            key.interestOps(SelectionKey.OP_ACCEPT);
            onReady(key);
        }
    }

    /** Stops accepting and closes the listening channel. Loop thread. */
    void close() {
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
