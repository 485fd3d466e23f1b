package io.hayate.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where the demo's log lines go: a file ({@code --logto}, appended, like uWSGI's) or standard output. Every
 * {@link #write} is one write call, so the lines of one request stay together and nothing waits in a buffer.
 */
final class LineLog implements AutoCloseable {
    private final OutputStream out;
    private final boolean ownsStream;

    private LineLog(OutputStream out, boolean ownsStream) {
        this.out = out;
        this.ownsStream = ownsStream;
    }

    static LineLog to(Path file) {
        if (file == null) {
            return new LineLog(System.out, false);
        }
        try {
            return new LineLog(Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open log file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code text} (one or more lines, each ending in a newline). Safe from any thread. */
    void write(CharSequence text) {
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                // a full disk must not take the server down; the lines are lost and the request still answered
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (ownsStream) {
            out.close();
        }
    }
}
