package io.hayate.server;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Routes and settings; {@link #start} turns them into a running {@link Server}.
 *
 * {@snippet :
 * import io.hayate.server.App;
 *
 * public class Hello {
 *     public static void main(String[] args) {
 *         App.create().get("/", ctx -> "Hello World").start(8080);
 *     }
 * }
 * }
 *
 * <p>Paths may hold parameters as whole segments ({@code /users/{id}}), read with {@link Context#pathParam}.
 * Static paths win over parameterised ones; see {@link Context} and {@link Handler} for the rest.
 *
 * <p><b>Threading.</b> Build an app on one thread, then start it; routes cannot change while a server runs. One
 * app may be started several times (each start is an independent server).
 */
public final class App {
    private final Router router = new Router();
    private ServerConfig config;
    private boolean frozen;

    private App(ServerConfig config) {
        this.config = config;
    }

    /** An app with {@link ServerConfig#defaults()}. */
    public static App create() {
        return new App(ServerConfig.defaults());
    }

    /** An app with the given settings. */
    public static App create(ServerConfig config) {
        return new App(Objects.requireNonNull(config, "config"));
    }

    /** Changes settings: {@code app.configure(c -> c.withMode(Mode.LOOP).withPort(0))}. */
    public App configure(UnaryOperator<ServerConfig> change) {
        checkNotFrozen();
        config = Objects.requireNonNull(change.apply(config), "the configuration function returned null");
        return this;
    }

    /** The settings {@link #start()} will use. */
    public ServerConfig config() {
        return config;
    }

    public App get(String path, Handler handler) {
        return route("GET", path, handler);
    }

    public App post(String path, Handler handler) {
        return route("POST", path, handler);
    }

    public App put(String path, Handler handler) {
        return route("PUT", path, handler);
    }

    public App delete(String path, Handler handler) {
        return route("DELETE", path, handler);
    }

    public App patch(String path, Handler handler) {
        return route("PATCH", path, handler);
    }

    /**
     * A WebSocket endpoint in the blocking style (see {@link WebSocketHandler}); plain GETs on {@code path} are
     * answered 426. {@code subprotocols}, if any, are offered in order of preference.
     */
    public App ws(String path, WebSocketHandler handler, String... subprotocols) {
        java.util.Objects.requireNonNull(handler, "handler");
        return route("GET", path, new WebSocketRoute(java.util.List.of(subprotocols), handler, null));
    }

    /** A WebSocket endpoint in the callback style (see {@link WebSocketListener}), for event-loop code. */
    public App ws(String path, WebSocketListener listener, String... subprotocols) {
        java.util.Objects.requireNonNull(listener, "listener");
        return route("GET", path, new WebSocketRoute(java.util.List.of(subprotocols), null, listener));
    }

    /**
     * Routes {@code method} (any token, e.g. {@code OPTIONS} or {@code PROPFIND}) on {@code path} to
     * {@code handler}.
     *
     * @throws IllegalArgumentException for a malformed path or a route defined twice
     */
    public App route(String method, String path, Handler handler) {
        checkNotFrozen();
        router.add(method, path, handler);
        return this;
    }

    /** Starts serving with the configured settings. */
    public Server start() {
        frozen = true;
        return HttpServer.start(config, router);
    }

    /** Starts serving on {@code port} (0 picks a free one) with the other settings as configured. */
    public Server start(int port) {
        config = config.withPort(port);
        return start();
    }

    private void checkNotFrozen() {
        if (frozen) {
            throw new IllegalStateException("routes and settings cannot change once the app has started");
        }
    }
}
