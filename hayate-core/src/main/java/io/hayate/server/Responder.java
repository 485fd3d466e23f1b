package io.hayate.server;

import io.hayate.loop.Loop;
import java.net.SocketAddress;

/** A connection as an exchange sees it: where its response goes. */
interface Responder {

    /** Sends the exchange's response. Called once per exchange, from any thread. */
    void send(Exchange exchange);

    /**
     * Sends the exchange's head and starts its streamed {@code body}: runs a producer on the calling thread (the
     * handler's), or hands the stream to the body's consumer. Called once per exchange instead of {@link #send}.
     */
    void stream(Exchange exchange, Body body);

    /** The loop that owns the connection (or the server's timer loop in blocking mode). */
    Loop loop();

    SocketAddress remoteAddress();
}
