package io.hayate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs {@code hayate demo} as its own process, the way a user does, and talks to it with real clients. */
class DemoCommandTest {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:(\\d+)|unix:(\\S+))");

    @TempDir
    Path dir;

    private record Running(Process process, String address, String banner) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            process.destroy(); // SIGTERM: the shutdown hook closes the server gracefully
            assertThat(process.waitFor(15, TimeUnit.SECONDS)).as("demo stops on SIGTERM").isTrue();
        }
    }

    private static Running demo(String... flags) throws Exception {
        return demo(List.of(), flags);
    }

    private static Running demo(List<String> jvmOptions, String... flags) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.hayate.cli.Main", "demo"));
        cmd.addAll(List.of(flags));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("the demo prints where it listens").isNotNull();
        Matcher m = LISTENING.matcher(line);
        assertThat(m.find()).as("first line: " + line).isTrue();
        Thread.ofVirtual().start(() -> out.lines().forEach(l -> { })); // keep draining its output
        return new Running(p, m.group(2) != null ? m.group(1) : m.group(3), line);
    }

    @ParameterizedTest
    @ValueSource(strings = {"blocking", "threads", "loop", "virtual"})
    void demo_listens_on_a_free_port_and_answers(String mode) throws Exception {
        try (Running demo = demo("--mode", mode, "--port", "0");
             HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(demo.address() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).isEqualTo("Hello World");
            HttpResponse<String> echo = client.send(HttpRequest.newBuilder(URI.create(demo.address() + "/echo"))
                    .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("ping")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(echo.body()).isEqualTo("ping");
            assertThat(echo.headers().firstValue("content-type")).hasValue("text/plain");
        }
    }

    @Test
    void demo_serves_a_unix_socket_that_curl_reaches() throws Exception {
        Path socket = dir.resolve("demo.sock");
        try (Running demo = demo("--socket", socket.toString())) {
            assertThat(demo.address()).isEqualTo(socket.toString());
            Process curl = new ProcessBuilder("curl", "-s", "--unix-socket", socket.toString(), "http://localhost/plaintext")
                    .redirectErrorStream(true).start();
            String body = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(curl.waitFor()).isZero();
            assertThat(body).isEqualTo("Hello, World!");
        }
        assertThat(socket).as("socket file removed on shutdown").doesNotExist();
    }

    @Test
    void demo_logs_numbers_to_the_logto_file() throws Exception {
        Path log = dir.resolve("uwsgi-like.log");
        try (Running demo = demo("--mode", "blocking", "--port", "0", "--logto", log.toString());
             HttpClient client = HttpClient.newHttpClient()) {
            client.send(HttpRequest.newBuilder(URI.create(demo.address() + "/numbers")).build(), HttpResponse.BodyHandlers.ofString());
        }
        assertThat(Files.readString(log)).startsWith("0:zero\n1:one\n2:two\n3:three\n4:four\n5:five\n").contains("GET /numbers");
    }

    /**
     * By default the loops carry the virtual threads where java.lang is open to Hayate (hayate.jar's manifest opens
     * it; the launcher runs the jar); {@code -Dhayate.virtual.carrier=jdk} asks for the JDK's scheduler, and a JVM
     * that does not open java.lang gets it too, says why on the first line, and serves all the same.
     */
    @Test
    void virtual_threads_ride_the_loops_where_java_lang_is_open() throws Exception {
        try (Running open = demo(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED"), "--port", "0");
             Running closed = demo(List.of(), "--port", "0");
             Running jdk = demo(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED",
                     "-Dhayate.virtual.carrier=jdk"), "--port", "0");
             HttpClient client = HttpClient.newHttpClient()) {
            assertThat(open.banner()).contains("(mode virtual,").endsWith(", virtual threads on the loops)");
            assertThat(closed.banner()).contains("(mode virtual,").contains(
                    ", virtual threads on the JDK's scheduler (java.base does not open java.lang to Hayate");
            assertThat(jdk.banner()).contains("(mode virtual,").endsWith(
                    ", virtual threads on the JDK's scheduler (-Dhayate.virtual.carrier=jdk))");
            for (Running demo : List.of(open, closed, jdk)) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(demo.address() + "/")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.body()).isEqualTo("Hello World");
            }
        }
    }

    @Test
    void unknown_mode_is_refused_with_a_clear_message() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.hayate.cli.Main", "demo", "--mode", "greenlet")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(out).contains("unknown --mode 'greenlet'");
    }
}
