package io.hayate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.hayate.server.App;
import io.hayate.server.Context;
import io.hayate.server.Mode;
import io.hayate.server.Server;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /chat} in a real browser: headless Chromium (the Debian package {@code chromium}) driven by Playwright
 * ({@code playwright-core} from npm, no browser download) from {@code src/test/js/chat-e2e.mjs}. Two pages exchange
 * messages over each transport (switching with the page's toggle), then three pages over all three at once; after
 * each exchange the server drops every connection, a message is published meanwhile, and each page must show it
 * exactly once after reconnecting on its own (SSE: the browser's reconnect with {@code Last-Event-ID}; WebSocket and
 * poll: the page's, with {@code ?after=}). Last, on a server in blocking mode, pages fall back to polling.
 *
 * <p>Missing tools fail the test with what to install; they do not skip it. The node modules are installed with
 * {@code npm ci} from the committed lock file into {@code target/chat-e2e} when missing (npm's cache makes later
 * installs offline).
 */
class ChatBrowserTest {
    private static final Path JS = Path.of("src", "test", "js");
    private static final Path WORK = Path.of("target", "chat-e2e");
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static String node;

    @BeforeAll
    static void tools() throws Exception {
        node = System.getenv().getOrDefault("NODE", "node");
        String version = run(List.of(node, "--version"), Path.of("."), Duration.ofSeconds(20), null);
        if (version == null || !version.strip().matches("v(\\d+)\\..*")) {
            fail("Node.js is needed for the browser test and `" + node + " --version` did not run. Install Node.js 18 or "
                    + "newer with npm (Debian: apt-get install nodejs npm), or point $NODE at it.");
        }
        int major = Integer.parseInt(version.strip().substring(1, version.strip().indexOf('.')));
        if (major < 18) {
            fail("Node.js " + version.strip() + " is too old for playwright-core: install Node.js 18 or newer");
        }
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        if (!Files.isExecutable(chromium)) {
            fail("Chromium is needed for the browser test and " + chromium + " is missing: install the Debian package "
                    + "chromium (apt-get install chromium; ./hayate test does it as root), or point $CHROMIUM at one.");
        }
        Files.createDirectories(WORK);
        for (String f : List.of("package.json", "package-lock.json", "chat-e2e.mjs")) {
            Files.copy(JS.resolve(f), WORK.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        Path installed = WORK.resolve("node_modules/playwright-core/package.json");
        if (!Files.exists(installed) || Files.getLastModifiedTime(installed).compareTo(
                Files.getLastModifiedTime(JS.resolve("package-lock.json"))) < 0) {
            String npm = System.getenv().getOrDefault("NPM", "npm");
            StringBuilder out = new StringBuilder();
            String result = run(List.of(npm, "ci", "--no-audit", "--no-fund", "--prefer-offline"), WORK,
                    Duration.ofMinutes(5), out);
            if (result == null || !Files.exists(installed)) {
                fail("`npm ci` in " + WORK.toAbsolutePath() + " failed (npm must be installed, e.g. Debian's npm, and "
                        + "reach the npm registry the first time):\n" + out);
            }
            Files.setLastModifiedTime(installed, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
        }
    }

    @Test
    void pages_exchange_messages_over_every_transport_and_resume_after_a_drop() throws Exception {
        ChatRoom room = new ChatRoom();
        App app = new DemoApp(DemoApp.shippedNumbers(), LineLog.to(null), false).withChat(room, Duration.ofSeconds(25))
                .routes(App.create()).configure(c -> c.withMode(Mode.LOOP))
                // test only: wait until `expect` clients listen, then drop them all; answers how many it dropped
                .post("/test/drop", ctx -> dropWhenListening(ctx, room,
                        Integer.parseInt(ctx.queryParam("expect")), System.nanoTime() + TimeUnit.SECONDS.toNanos(10)));
        App blocking = new DemoApp(DemoApp.shippedNumbers(), LineLog.to(null), false).routes(App.create())
                .configure(c -> c.withMode(Mode.BLOCKING));
        try (Server server = app.start(0); Server blockingServer = blocking.start(0)) {
            StringBuilder out = new StringBuilder();
            long start = System.nanoTime();
            String result = run(List.of(node, "chat-e2e.mjs", "http://127.0.0.1:" + server.port(),
                    "http://127.0.0.1:" + blockingServer.port()), WORK, TIMEOUT, out);
            long ms = (System.nanoTime() - start) / 1_000_000;
            System.out.println("chat-e2e.mjs took " + ms + " ms:\n" + out);
            assertThat(result).as("chat-e2e.mjs failed or timed out; its output:%n%s", out).isNotNull();
            assertThat(room.lastId()).as("messages published").isEqualTo(13);
        }
    }

    /** Waits (without blocking a thread: the LOOP mode runs this on the loop) until {@code expect} clients listen. */
    private static CompletionStage<String> dropWhenListening(Context ctx, ChatRoom room, int expect, long deadline) {
        if (room.subscriberCount() >= expect || System.nanoTime() - deadline > 0) {
            return CompletableFuture.completedFuture(Integer.toString(room.disconnectAll()));
        }
        return ctx.delay(Duration.ofMillis(10)).thenCompose(x -> dropWhenListening(ctx, room, expect, deadline));
    }

    /**
     * Runs {@code command} in {@code dir}; returns its output if it exited 0 within {@code timeout}, else null (the
     * output, if {@code out} is given, is in it either way). Kills what it started on timeout.
     */
    private static String run(List<String> command, Path dir, Duration timeout, StringBuilder out) throws InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            if (out != null) {
                out.append(command.get(0)).append(": ").append(e.getMessage());
            }
            return null;
        }
        StringBuilder text = new StringBuilder();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                text.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the process was killed
            }
        });
        boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(Duration.ofSeconds(10));
        if (out != null) {
            out.append(text);
            if (!done) {
                out.append("\n(killed after ").append(timeout.toSeconds()).append(" s)");
            }
        }
        return done && p.exitValue() == 0 ? text.toString() : null;
    }
}
