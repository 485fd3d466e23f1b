package io.hayate.client;

import io.hayate.loop.Loop;
import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** The blocking face: waits for a future off the loops and rethrows its failure as the caller expects it. */
final class Blocking {
    private Blocking() {}

    /**
     * Waits for {@code future}; cheap on a virtual thread.
     *
     * @throws IllegalStateException on a loop thread, where waiting would stall every connection of the loop
     */
    static <T> T await(CompletableFuture<T> future, String what) throws IOException, InterruptedException {
        checkNotOnLoop(what);
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(false); // the request is abandoned (its connection closed), not left running
            throw e;
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (CancellationException e) {
            throw new ClientException(what + ": cancelled", e);
        }
    }

    /** @throws IllegalStateException on a loop thread */
    static void checkNotOnLoop(String what) {
        Loop loop = Loop.current();
        if (loop != null) {
            throw new IllegalStateException(what + " must not be called on loop thread " + loop.name()
                    + ": waiting there stalls every connection of the loop; use the CompletableFuture method instead");
        }
    }

    static IOException rethrow(Throwable cause) {
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new IOException(cause);
    }
}
