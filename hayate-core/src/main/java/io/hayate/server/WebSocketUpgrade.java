package io.hayate.server;

import io.hayate.http.Headers;
import io.hayate.http.ResponseEncoder;
import io.hayate.http.ResponseEncoder.ConnectionHeader;
import io.hayate.websocket.Handshake;
import io.hayate.websocket.PerMessageDeflate;
import java.nio.ByteBuffer;

/** What a WebSocket route answers: switch the connection to the WebSocket protocol. */
record WebSocketUpgrade(String key, String subprotocol, PerMessageDeflate deflate, WebSocketHandler handler,
                        WebSocketListener listener) implements Body {

    /** The {@code 101 Switching Protocols} answer, ready to write. */
    ByteBuffer response() {
        Headers headers = Handshake.responseHeaders(key, subprotocol, deflate);
        ByteBuffer head = ByteBuffer.allocate(ResponseEncoder.headSize(101, null, headers));
        ResponseEncoder.encodeHead(head, 101, null, headers, ResponseEncoder.NO_BODY, ConnectionHeader.UPGRADE);
        return head.flip();
    }
}
