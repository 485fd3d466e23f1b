package io.hayate.loop;

import java.nio.channels.SelectionKey;

/**
 * What a channel registered with a {@link Loop} does when the selector reports it ready.
 *
 * <p><b>Threading.</b> Called on the loop thread that owns the channel; must not block.
 */
@FunctionalInterface
public interface IoHandler {

    /**
     * The channel is ready for the operations in {@code key.readyOps()}.
     *
     * <p>An exception thrown here is logged and the channel is closed; the loop keeps running.
     */
    void onReady(SelectionKey key) throws Exception;

    /**
     * The loop is stopping and will close the channel after this call. Default: nothing.
     */
    default void onLoopClosing() {}
}
