package io.hayate.client;

import java.util.Arrays;

/** A view of a client whose requests also take a permit of one more {@link Limiter}: {@link HttpClient#limit}. */
final class LimitedClient extends AbstractClient {
    private final LoopHttpClient core;
    private final Limiter[] limiters;

    LimitedClient(LoopHttpClient core, Limiter[] outer, Limiter limiter) {
        this.core = core;
        this.limiters = Arrays.copyOf(outer, outer.length + 1);
        this.limiters[outer.length] = limiter;
    }

    @Override
    LoopHttpClient core() {
        return core;
    }

    @Override
    Limiter[] limiters() {
        return limiters;
    }

    /** The innermost limiter: this view's own. */
    Limiter limiter() {
        return limiters[limiters.length - 1];
    }

    /** A view closes nothing: the client does. */
    @Override
    public void close() {}

    @Override
    public String toString() {
        return "HttpClient.limit(" + limiter() + ") of " + core;
    }
}
