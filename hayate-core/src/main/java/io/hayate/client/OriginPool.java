package io.hayate.client;

import io.hayate.loop.Loop;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The keep-alive connections to one origin, on one loop: idle ones (most recently used first, so the others age
 * out), requests waiting for one (in arrival order), and the count against
 * {@link ClientConfig#maxConnectionsPerOrigin()}.
 *
 * <p>A request takes the most recently used idle connection; else it waits, and a new connection is opened while
 * fewer are open than the maximum and fewer are connecting than requests wait. A connection that comes up, or
 * finishes a response and can be reused, goes to the oldest waiting request, or to the idle list. A failed connect
 * fails the oldest waiting request (which may retry).
 *
 * <p><b>Threading.</b> Loop thread of {@link #loop} only.
 */
final class OriginPool {
    final LoopHttpClient client;
    final Origin origin;
    final Loop loop;
    private final int max;
    private final ArrayDeque<ClientConnection> idle = new ArrayDeque<>();
    private final ArrayDeque<Exchange> waiting = new ArrayDeque<>();
    private final ArrayList<ClientConnection> all = new ArrayList<>();
    private int open;       // connecting, idle or busy
    private int connecting;
    private boolean shutDown;

    OriginPool(LoopHttpClient client, Origin origin, Loop loop) {
        this.client = client;
        this.origin = origin;
        this.loop = loop;
        this.max = client.config().maxConnectionsPerOrigin();
    }

    /** Finds {@code e} a connection: an idle one now, or a new or released one later. */
    void acquire(Exchange e) {
        if (shutDown) {
            e.onFailure(new ClientException(e.describe() + ": the client is closed"), false, false);
            return;
        }
        ClientConnection c;
        while ((c = idle.pollFirst()) != null) {
            client.idleChanged(-1);
            if (c.usable()) {
                c.assign(e);
                return;
            }
            c.close();
        }
        waiting.add(e);
        maybeConnect(e);
    }

    private void maybeConnect(Exchange forWhom) {
        while (waiting.size() > connecting && open < max && !shutDown) {
            open++;
            connecting++;
            ClientConnection c = new ClientConnection(this);
            all.add(c);
            c.connect(forWhom != null ? forWhom.describe() : waiting.peek().describe());
            forWhom = null;
        }
    }

    /** A new connection is up. */
    void connected(ClientConnection c) {
        connecting--;
        if (shutDown) {
            c.close();
            return;
        }
        handOut(c);
    }

    /** A new connection could not be established: the oldest waiting request gets the failure. */
    void connectFailed(ClientConnection c, IOException cause) {
        connecting--;
        open--;
        all.remove(c);
        Exchange e = waiting.poll();
        if (e != null) {
            e.onFailure(cause, false, false);
        }
        maybeConnect(null);
    }

    /** A connection finished a response and may serve another. */
    void release(ClientConnection c) {
        handOut(c);
    }

    private void handOut(ClientConnection c) {
        Exchange e = waiting.poll();
        if (e != null) {
            c.assign(e);
        } else {
            idle.addFirst(c);
            client.idleChanged(1);
            c.becomeIdle();
        }
    }

    /** A connection closed (after it was established). */
    void closed(ClientConnection c) {
        open--;
        all.remove(c);
        if (idle.remove(c)) {
            client.idleChanged(-1);
        }
        client.connectionClosed();
        maybeConnect(null);
    }

    /** {@code e} no longer wants a connection (it timed out or was cancelled while waiting). */
    void cancel(Exchange e) {
        waiting.remove(e);
    }

    /** The client is closing: fail waiting requests, close every connection (failing the requests on them). */
    void shutdown() {
        shutDown = true;
        Exchange e;
        while ((e = waiting.poll()) != null) {
            e.onFailure(new ClientException(e.describe() + ": the client was closed"), false, false);
        }
        // emptied first, so each connection's closed() finds nothing to remove: no walk of the lists per connection
        List<ClientConnection> toClose = new ArrayList<>(all);
        all.clear();
        client.idleChanged(-idle.size());
        idle.clear();
        for (ClientConnection c : toClose) {
            if (!c.connecting()) { // one still connecting closes when it is up (see connected)
                c.fail(new ClientException("the client was closed"));
            }
        }
    }

    int openConnections() {
        return open;
    }

    @Override
    public String toString() {
        return "OriginPool[" + origin + ", open=" + open + ", idle=" + idle.size() + ", waiting=" + waiting.size() + "]";
    }
}
