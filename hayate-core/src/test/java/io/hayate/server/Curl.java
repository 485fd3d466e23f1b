package io.hayate.server;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the curl command line tool as a real, independent HTTP peer. */
final class Curl {
    private Curl() {}

    /** Exit code, body (stdout) and the verbose trace (stderr). */
    record Result(int exitCode, byte[] body, String trace) {
        String bodyText() {
            return new String(body, UTF_8);
        }
    }

    static Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("curl", "--silent", "--show-error", "--verbose", "--max-time", "10"));
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile("curl", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            byte[] body = p.getInputStream().readAllBytes();
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("curl did not finish: " + cmd);
            }
            return new Result(p.exitValue(), body, Files.readString(err));
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
