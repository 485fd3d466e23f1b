package io.hayate.server;

import io.hayate.http.Headers;
import io.hayate.websocket.Handshake;
import io.hayate.websocket.HandshakeException;
import io.hayate.websocket.PerMessageDeflate;
import java.util.List;

/**
 * The GET handler behind {@link App#ws}: checks the handshake (a plain GET gets 426 with {@code Upgrade:
 * websocket}; a bad key 400; a wrong version 426 with {@code Sec-WebSocket-Version: 13}), picks a subprotocol and
 * permessage-deflate, and answers with the upgrade.
 */
record WebSocketRoute(List<String> subprotocols, WebSocketHandler handler, WebSocketListener listener)
        implements Handler {

    @Override
    public Object handle(Context ctx) {
        Exchange ex = (Exchange) ctx;
        String key;
        try {
            key = Handshake.validateRequest(ex.head);
        } catch (HandshakeException e) {
            Headers answer = new Headers();
            e.error().addAnswerHeaders(answer);
            answer.forEach(ctx::header);
            ctx.status(e.status());
            return e.getMessage() + "\n";
        }
        String protocol = subprotocols.isEmpty() ? null : Handshake.chooseSubprotocol(ctx.headers(), subprotocols);
        PerMessageDeflate deflate = null;
        if (ex.server.config().webSocketCompression() && ctx.headers().contains("Sec-WebSocket-Extensions")) {
            List<String> offers = ctx.headers().getAll("Sec-WebSocket-Extensions");
            deflate = PerMessageDeflate.negotiate(String.join(", ", offers)).orElse(null);
        }
        return new WebSocketUpgrade(key, protocol, deflate, handler, listener);
    }
}
