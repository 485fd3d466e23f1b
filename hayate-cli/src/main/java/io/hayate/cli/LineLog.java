package io.hayate.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where the demo's log lines go: a file ({@code --logto}, appended, like uWSGI's) or standard output. Every
 * {@link #write} is one write call, so the lines of one request stay together and nothing waits in a buffer.
 *
 * <p>A file is opened with {@code O_APPEND} and written without a lock: the kernel appends each write whole, so
 * handlers on many threads (the pool of {@code threads} mode) never queue behind one another's system call.
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
            return new LineLog(new FileOutputStream(file.toFile(), true), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open log file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code text} (one or more lines, each ending in a newline). Safe from any thread. */
    void write(CharSequence text) {
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        try {
            if (ownsStream) {
                out.write(bytes); // FileOutputStream: one write(2), no lock, no buffer
            } else {
                synchronized (out) {
                    out.write(bytes);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // a full disk must not take the server down; the lines are lost and the request still answered
        }
    }

    @Override
    public void close() throws IOException {
        if (ownsStream) {
            out.close();
        }
    }
}
