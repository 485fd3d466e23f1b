package io.hayate.cli;

import io.hayate.loop.Loop;
import io.hayate.server.App;
import io.hayate.server.Mode;
import io.hayate.server.Server;
import io.hayate.server.ServerConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hayate demo}: the articles' experiments on one server. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the demo app: / /numbers /numbers/later /slow /plaintext /echo /stream /fetch /events /websocket /chat.",
                "Prints one line with the address once it listens; Ctrl-C shuts it down gracefully."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--mode", defaultValue = "virtual",
            description = "blocking | threads | loop | virtual (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--threads", description = "worker threads in threads mode (default: max(8, 2 x CPUs))")
    Integer threads;

    @Option(names = "--async", description = "requests handled at once, like uWSGI's --async N (default: 10000)")
    Integer async;

    @Option(names = "--loops", description = "event loop threads (default: CPUs)")
    Integer loops;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to bind (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--socket", description = "listen on this UNIX domain socket path instead of TCP")
    Path socket;

    @Option(names = "--logto", description = "append log lines to this file (and log every request, like uWSGI)")
    Path logto;

    @Option(names = "--max-connections", description = "open connections before accepting pauses (default: 16384)")
    Integer maxConnections;

    @Option(names = "--ws-style", description = "style of /websocket: blocking (receive loop) or callbacks (default: callbacks in loop mode, blocking otherwise)")
    String wsStyle;

    @Option(names = "--numbers", description = "the file /numbers reads (default: the shipped numbers.txt)")
    Path numbers;

    @Override
    public Integer call() throws Exception {
        Mode m;
        try {
            m = Mode.valueOf(mode.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println("hayate demo: unknown --mode '" + mode + "'; use blocking, threads, loop or virtual");
            return 2;
        }
        ServerConfig config = ServerConfig.defaults().withMode(m).withHost(host).withPort(port).withUnixSocket(socket);
        if (threads != null) config = config.withThreads(threads);
        if (async != null) config = config.withMaxInFlight(async);
        if (loops != null) config = config.withLoops(loops);
        if (maxConnections != null) config = config.withMaxConnections(maxConnections);

        LineLog log = LineLog.to(logto);
        if (wsStyle != null && !wsStyle.equals("blocking") && !wsStyle.equals("callbacks")) {
            System.err.println("hayate demo: unknown --ws-style '" + wsStyle + "'; use blocking or callbacks");
            return 2;
        }
        DemoApp demo = new DemoApp(numbers != null ? numbers : DemoApp.shippedNumbers(), log, logto != null)
                .withWebSocketStyle(wsStyle);
        Server server = demo.routes(App.create(config)).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            demo.chatRoom().disconnectAll(); // chat clients would hold the graceful close for its whole deadline
            server.close();
            stopped.countDown();
        }, "hayate-shutdown"));
        String where = server.address() instanceof InetSocketAddress a
                ? "http://" + a.getHostString() + ":" + a.getPort()
                : "unix:" + server.address();
        System.out.println("hayate demo listening on " + where + " (mode " + m.name().toLowerCase(java.util.Locale.ROOT)
                + ", loops " + config.loops() + (m == Mode.THREADS ? ", threads " + config.threads() : "")
                + ", max in flight " + config.maxInFlight()
                + (m == Mode.VIRTUAL ? ", virtual threads on " + Loop.virtualThreadCarrier() : "") + ")");
        System.out.flush();
        stopped.await();
        log.close();
        return 0;
    }
}
