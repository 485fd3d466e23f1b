package io.hayate.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.hayate.server.App;
import io.hayate.server.Mode;
import io.hayate.server.Server;
import io.hayate.server.ServerConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** The servers the client is tested against: Hayate's own, and the JDK's {@code com.sun.net.httpserver}. */
final class Servers {
    private Servers() {}

    /** Hayate's server on a free loopback port, virtual-thread handlers. */
    static Server hayate(Consumer<App> routes) {
        return hayate(c -> c, routes);
    }

    static Server hayate(UnaryOperator<ServerConfig> config, Consumer<App> routes) {
        App app = App.create().configure(c -> config.apply(c.withMode(Mode.VIRTUAL).withPort(0).withLoops(1)));
        routes.accept(app);
        return app.start();
    }

    static String url(Server s, String path) {
        return "http://127.0.0.1:" + s.port() + path;
    }

    /** The JDK's HTTP server, an independent implementation; counts the client ports it saw (= connections). */
    static final class Jdk implements AutoCloseable {
        final com.sun.net.httpserver.HttpServer server;
        final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();

        Jdk() throws IOException {
            server = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
        }

        Jdk route(String path, HttpHandler handler) {
            server.createContext(path, exchange -> {
                clientPorts.add(exchange.getRemoteAddress().getPort());
                try (exchange) {
                    handler.handle(exchange);
                }
            });
            return this;
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        static void send(HttpExchange ex, int status, byte[] body) throws IOException {
            ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
