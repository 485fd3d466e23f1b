package io.hayate.server;

import java.io.IOException;
import java.io.UncheckedIOException;

/** A {@link ResponseStream} or WebSocket was written after it closed, usually because the client went away. */
public final class StreamClosedException extends UncheckedIOException {
    public StreamClosedException(String message, IOException cause) {
        super(message, cause);
    }
}
