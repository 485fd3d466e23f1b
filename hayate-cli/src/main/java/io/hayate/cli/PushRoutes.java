package io.hayate.cli;

import io.hayate.server.App;
import io.hayate.server.Body;
import io.hayate.server.QueueBody;
import io.hayate.server.StreamClosedException;
import io.hayate.server.WebSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fan-out endpoints, as the fourth article's long-poll example and ../shared/bench/push-peers use them:
 * {@code GET /poll} is held until the next {@code GET /publish?msg=M}, which answers every held poll with
 * {@code M\n}; {@code GET /stats} counts held polls; {@code GET /broadcast?msg=M} sends M to every open WebSocket of
 * the demo's {@code /websocket}.
 */
final class PushRoutes {
    private final Set<QueueBody> polls = ConcurrentHashMap.newKeySet();
    private final Set<WebSocket> sockets = ConcurrentHashMap.newKeySet();

    App routes(App app) {
        return app
                .get("/poll", ctx -> {
                    QueueBody body = Body.queue();
                    polls.add(body);
                    body.onClose(() -> polls.remove(body)); // a client that leaves is forgotten at once
                    return body;
                })
                .get("/publish", ctx -> {
                    String msg = ctx.queryParam("msg");
                    if (msg == null) {
                        return ctx.status(400).text("publish needs ?msg=\n");
                    }
                    String line = msg + "\n";
                    int n = 0;
                    for (QueueBody body : polls) {
                        if (polls.remove(body) && body.putAndClose(line)) {
                            n++;
                        }
                    }
                    return "published to " + n + "\n";
                })
                .get("/stats", ctx -> Integer.toString(polls.size()))
                .get("/broadcast", ctx -> {
                    String msg = ctx.queryParam("msg");
                    if (msg == null) {
                        return ctx.status(400).text("broadcast needs ?msg=\n");
                    }
                    int n = 0;
                    for (WebSocket ws : sockets) {
                        try {
                            ws.send(msg);
                            n++;
                        } catch (StreamClosedException e) {
                            sockets.remove(ws);
                        }
                    }
                    return "broadcast to " + n + "\n";
                });
    }

    /** Open WebSockets that /broadcast reaches. */
    Set<WebSocket> sockets() {
        return sockets;
    }
}
