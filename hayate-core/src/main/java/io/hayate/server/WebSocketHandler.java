package io.hayate.server;

/**
 * A WebSocket endpoint in the blocking style: the article's echo loop, line for line.
 *
 * {@snippet :
 * app.ws("/websocket", ws -> {
 *     WebSocketMessage m;
 *     while ((m = ws.receive()) != null) {
 *         ws.send("Your message was: '" + m.asText() + "'");
 *     }
 * });
 * }
 *
 * <p><b>Threading.</b> Runs on a virtual thread ({@link Mode#VIRTUAL} and {@link Mode#LOOP}), on a worker
 * ({@link Mode#THREADS}, holding it for the connection's life) or on the blocking thread ({@link Mode#BLOCKING}, one
 * connection at a time). When it returns, the connection is closed with 1000 if it is still open; an exception
 * closes it with 1011 and is logged as one line.
 */
@FunctionalInterface
public interface WebSocketHandler {
    void handle(WebSocket ws) throws Exception;
}
