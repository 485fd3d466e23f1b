package io.hayate.client;

import io.hayate.loop.IoHandler;
import io.hayate.loop.Loop;
import io.hayate.loop.Timer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Opens one connection to an origin without blocking: resolves the host with the client's {@link io.hayate.dns.Resolver}
 * (an IP literal or {@code localhost} needs no query), then connects to each address in turn with a non-blocking
 * connect and {@code OP_CONNECT}, until one answers; a UNIX socket is connected directly. One timer bounds the
 * whole attempt.
 *
 * <p><b>Threading.</b> Loop thread only; the callback runs on the loop, exactly once.
 */
final class Connector implements IoHandler {
    /** Where the outcome goes. */
    interface Callback {
        /** Connected; the channel is registered with the loop under {@code key}, whose handler the owner replaces. */
        void connected(SocketChannel channel, SelectionKey key);

        void failed(IOException cause);
    }

    private final LoopHttpClient client;
    private final Loop loop;
    private final Origin origin;
    private final String what;
    private final Callback callback;
    private final long timeoutNanos;
    private Timer timer;
    private List<InetAddress> addresses;
    private int next;
    private SocketChannel channel;
    private SelectionKey key;
    private IOException lastFailure;
    private boolean finished;

    private Connector(LoopHttpClient client, Loop loop, Origin origin, String what, Callback callback) {
        this.client = client;
        this.loop = loop;
        this.origin = origin;
        this.what = what;
        this.callback = callback;
        this.timeoutNanos = client.config().connectTimeout().toNanos();
    }

    /** Starts connecting to {@code origin} for the request described by {@code what} (for messages). */
    static void connect(LoopHttpClient client, Loop loop, Origin origin, String what, Callback callback) {
        new Connector(client, loop, origin, what, callback).start();
    }

    private void start() {
        timer = loop.schedule(timeoutNanos, TimeUnit.NANOSECONDS, this::timedOut);
        if (origin.unixSocket() != null) {
            attempt(UnixDomainSocketAddress.of(origin.unixSocket()));
            return;
        }
        client.resolver().resolve(origin.host()).whenComplete((list, failure) -> {
            if (loop.inLoop()) {
                resolved(list, failure);
            } else {
                loop.execute(() -> resolved(list, failure));
            }
        });
    }

    private void resolved(List<InetAddress> list, Throwable failure) {
        if (finished) {
            return;
        }
        if (failure != null) {
            finish(failure instanceof IOException io ? io : new IOException(what + ": resolving " + origin.host() + " failed", failure));
            return;
        }
        addresses = list;
        nextAddress();
    }

    private void nextAddress() {
        if (next >= addresses.size()) {
            ConnectException e = new ConnectException(what + ": cannot connect to " + origin + " ("
                    + (lastFailure != null ? lastFailure.getMessage() : "no address") + "; tried " + addresses + ")");
            if (lastFailure != null) {
                e.initCause(lastFailure);
            }
            finish(e);
            return;
        }
        attempt(new InetSocketAddress(addresses.get(next++), origin.port()));
    }

    private void attempt(SocketAddress address) {
        try {
            boolean unix = address instanceof UnixDomainSocketAddress;
            channel = SocketChannel.open(unix ? StandardProtocolFamily.UNIX
                    : ((InetSocketAddress) address).getAddress() instanceof java.net.Inet6Address ? StandardProtocolFamily.INET6
                    : StandardProtocolFamily.INET);
            channel.configureBlocking(false);
            if (!unix) {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            if (channel.connect(address)) {
                key = loop.register(channel, 0, this);
                succeed();
            } else {
                key = loop.register(channel, SelectionKey.OP_CONNECT, this);
            }
        } catch (IOException e) {
            attemptFailed(e);
        }
    }

    @Override
    public void onReady(SelectionKey key) {
        try {
            if (channel.finishConnect()) {
                succeed();
            }
        } catch (IOException e) {
            attemptFailed(e);
        }
    }

    private void attemptFailed(IOException e) {
        lastFailure = e;
        closeChannel();
        if (finished) {
            return;
        }
        if (addresses == null) { // a UNIX socket: nothing else to try
            ConnectException c = new ConnectException(what + ": cannot connect to " + origin + " (" + e.getMessage() + ")");
            c.initCause(e);
            finish(c);
        } else {
            nextAddress();
        }
    }

    private void succeed() {
        if (finished) {
            return;
        }
        finished = true;
        timer.cancel();
        key.interestOps(0);
        callback.connected(channel, key);
    }

    private void timedOut() {
        if (finished) {
            return;
        }
        closeChannel();
        finish(new ConnectTimeoutException(what + ": no connection to " + origin + " within "
                + Durations.format(timeoutNanos) + " (connectTimeout)"));
    }

    private void finish(IOException e) {
        if (finished) {
            return;
        }
        finished = true;
        timer.cancel();
        callback.failed(e);
    }

    private void closeChannel() {
        if (key != null) {
            loop.cancelAndClose(key);
            key = null;
        } else if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // never connected
            }
        }
        channel = null;
    }

    @Override
    public String toString() {
        return "Connector[" + origin + "]";
    }
}
