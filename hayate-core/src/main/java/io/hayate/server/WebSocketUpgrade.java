package io.hayate.server;

import io.hayate.websocket.PerMessageDeflate;

/** What a WebSocket route answers: switch the connection to the WebSocket protocol. */
record WebSocketUpgrade(String key, String subprotocol, PerMessageDeflate deflate, WebSocketHandler handler,
                        WebSocketListener listener) implements Body {}
