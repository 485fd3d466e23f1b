package io.hayate.examples;

import java.io.PrintStream;
import java.util.Locale;

/** What every example shares: the default URL, printing a body, and the {@code real} line {@code time} would print. */
final class Timing {
    /** The demo's slow API: {@code ./hayate demo} answers it after 1 s without holding a thread. */
    static final String DEFAULT_URL = "http://127.0.0.1:8080/slow";

    private Timing() {}

    static String url(String[] args) {
        return args.length > 0 ? args[0] : DEFAULT_URL;
    }

    /** Prints a body the way Python's {@code print(r.text)} does: one line, no doubled newline. */
    static void printBody(PrintStream out, String body) {
        out.println(body.endsWith("\n") ? body.substring(0, body.length() - 1) : body);
    }

    /** {@code real 1.012s}: seconds since {@code startNanos}, the time the example's work took. */
    static void printReal(PrintStream out, long startNanos) {
        out.printf(Locale.ROOT, "real %.3fs%n", (System.nanoTime() - startNanos) / 1e9);
    }
}
