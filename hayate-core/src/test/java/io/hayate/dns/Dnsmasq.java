package io.hayate.dns;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real dnsmasq on 127.0.0.1 and a free high port, for the resolver's integration tests: no system configuration
 * ({@code --conf-file=/dev/null}), no upstream ({@code --no-resolv}), every query logged so tests can count what
 * reached the server. {@link #close()} kills exactly the process it started.
 */
final class Dnsmasq implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/dnsmasq");
    static final InetAddress LOOPBACK = IpLiteral.parse("127.0.0.1");

    private final Process process;
    private final int port;
    private final Path log;

    private Dnsmasq(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts dnsmasq with {@code args} after the base options; fails the test when dnsmasq is not installed. */
    static Dnsmasq start(Path dir, String... args) throws Exception {
        Path binary = binary();
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort();
            Path log = dir.resolve("dnsmasq-" + port + ".log");
            List<String> command = new ArrayList<>(List.of(binary.toString(), "--keep-in-foreground",
                    "--conf-file=/dev/null", "--port=" + port, "--listen-address=127.0.0.1", "--bind-interfaces",
                    "--no-resolv", "--no-hosts", "--pid-file=", "--log-facility=-", "--log-queries"));
            if ("root".equals(System.getProperty("user.name"))) {
                command.add("--user=root"); // else it drops to nobody, who cannot read the test's private temp dir
            }
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Dnsmasq d = new Dnsmasq(p, port, log);
            try {
                d.awaitReady();
                return d;
            } catch (IOException e) {
                d.close();
                last = e; // most likely the port was taken between probing and binding: try another
            }
        }
        throw new IllegalStateException("dnsmasq did not start", last);
    }

    private static Path binary() {
        if (Files.isExecutable(BINARY)) {
            return BINARY;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, "dnsmasq");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new AssertionError("dnsmasq is not installed (looked at " + BINARY + " and PATH). The DNS resolver tests "
                + "run against a real dnsmasq: install the Debian package dnsmasq-base (sudo apt-get install -y dnsmasq-base).");
    }

    /** A port free for both UDP and TCP on 127.0.0.1. */
    static int freePort() throws IOException {
        for (int i = 0; i < 50; i++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, LOOPBACK);
                 DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LOOPBACK, tcp.getLocalPort()))) {
                return udp.getLocalPort();
            } catch (BindException taken) {
                // UDP side busy: try another
            }
        }
        throw new IOException("no port free for both UDP and TCP");
    }

    private void awaitReady() throws IOException, InterruptedException {
        byte[] probe = DnsCodec.encodeQuery(4242, new DnsQuestion("ready.probe", DnsRecordType.A), 0);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            s.setSoTimeout(50);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException("dnsmasq exited with " + process.exitValue() + ": " + logText());
                }
                s.send(new DatagramPacket(probe, probe.length, address()));
                try {
                    s.receive(new DatagramPacket(new byte[512], 512));
                    return;
                } catch (SocketTimeoutException notYet) {
                    // keep polling
                }
            }
        }
        throw new IOException("dnsmasq did not answer within 10 s: " + logText());
    }

    InetSocketAddress address() {
        return new InetSocketAddress(LOOPBACK, port);
    }

    String logText() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
    }

    /** How many queries of {@code type} for {@code name} dnsmasq logged, over UDP and TCP, authoritative or not. */
    long queries(String type, String name) throws IOException {
        String query = "query[" + type + "] " + name + " from";
        String auth = "auth[" + type + "] " + name + " from";
        return logText().lines().filter(l -> l.contains(query) || l.contains(auth)).count();
    }

    /** Waits up to 5 s until dnsmasq has logged {@code expected} such queries (its log lags the answer a little). */
    long awaitQueries(String type, String name, long expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long n;
        while ((n = queries(type, name)) < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return n;
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM to this PID only
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
