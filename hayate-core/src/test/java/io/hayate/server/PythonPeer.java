package io.hayate.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Python client script from the test resources as a real, independent peer (the articles' own stack:
 * {@code websockets}, {@code aiohttp}). Debian's modules live with Debian's interpreter, {@code /usr/bin/python3},
 * whatever {@code python3} comes first on the PATH. A missing module fails the test, naming the package to install:
 * these peers are part of the suite, not optional.
 */
final class PythonPeer {
    static final String PYTHON = "/usr/bin/python3";
    private static final String PACKAGES = "python3-websockets python3-aiohttp";

    private PythonPeer() {}

    /** Fails unless {@code /usr/bin/python3} can import every module. */
    static void require(String... modules) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            fail(PYTHON + " is missing: install the Debian packages python3 " + PACKAGES
                    + " (./hayate test installs TEST_PACKAGES)");
        }
        Process p = new ProcessBuilder(PYTHON, "-c", "import " + String.join(", ", modules)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail(PYTHON + " cannot import " + String.join(", ", modules) + ": install the Debian packages " + PACKAGES
                    + " (sudo apt-get install -y " + PACKAGES + "; ./hayate test installs TEST_PACKAGES)\n" + out);
        }
    }

    /**
     * Runs {@code script} (a resource next to this class) with {@code args}; it must exit 0 within 30 s. Returns what
     * it printed, as {@code key=value} lines in {@link Properties} format.
     */
    static Properties run(String script, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, scriptPath(script).toString()));
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile("python-peer", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(script + " did not finish in 30 s; stderr:\n" + Files.readString(err));
            }
            String stdout = new String(out, UTF_8);
            if (p.exitValue() != 0) {
                fail(script + " exited with " + p.exitValue() + "\nstdout:\n" + stdout + "\nstderr:\n" + Files.readString(err));
            }
            Properties result = new Properties();
            result.load(new StringReader(stdout));
            return result;
        } finally {
            Files.deleteIfExists(err);
        }
    }

    private static Path scriptPath(String script) {
        URL url = PythonPeer.class.getResource(script);
        if (url == null) {
            throw new IllegalArgumentException("no test resource " + script + " next to " + PythonPeer.class.getName());
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
