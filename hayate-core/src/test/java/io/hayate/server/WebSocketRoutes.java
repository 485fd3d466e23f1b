package io.hayate.server;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Echo endpoints in both WebSocket styles, reporting the code each connection closed with. */
final class WebSocketRoutes {
    private WebSocketRoutes() {}

    /** The two ways to write an endpoint. */
    enum Style {
        /** {@link WebSocketHandler}: {@code receive()} in a loop on a thread that may block. */
        BLOCKING,
        /** {@link WebSocketListener}: callbacks on the event loop. */
        CALLBACKS
    }

    /** Every mode with every style: the arguments of a {@code @MethodSource}. */
    static Stream<Arguments> modesAndStyles() {
        List<Arguments> out = new ArrayList<>();
        for (Mode m : Mode.values()) {
            for (Style s : Style.values()) {
                out.add(Arguments.of(m, s));
            }
        }
        return out.stream();
    }

    /**
     * Adds an endpoint on {@code path} that sends every message back as it came (text as text, binary as binary) and
     * completes {@code closed} with the connection's close code when it ends.
     */
    static App echo(App app, String path, Style style, CompletableFuture<Integer> closed) {
        if (style == Style.BLOCKING) {
            return app.ws(path, ws -> {
                WebSocketMessage m;
                while ((m = ws.receive()) != null) {
                    if (m.isText()) {
                        ws.send(m.text());
                    } else {
                        ws.send(m.bytes());
                    }
                }
                closed.complete(ws.closeCode());
            });
        }
        return app.ws(path, new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                ws.send(text);
            }

            @Override
            public void onBinary(WebSocket ws, ByteBuffer bytes) {
                ws.send(bytes);
            }

            @Override
            public void onClose(WebSocket ws, int code, String reason) {
                closed.complete(code);
            }
        });
    }
}
