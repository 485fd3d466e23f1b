package io.hayate.server;

import java.util.function.Consumer;

/** {@link Body#sse}. */
record SseBody(Consumer<SseStream> opened) implements Body {}
