package io.hayate.examples;

import io.hayate.client.HttpClient;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The threads version with virtual threads: the same blocking calls, but a parked virtual thread holds no platform
 * thread, so ten thousand of these would cost what three do. About one delay.
 */
public final class VirtualThreads {
    private VirtualThreads() {}

    public static void main(String[] args) throws Exception {
        run(Timing.url(args), System.out);
    }

    static void run(String url, PrintStream out) throws Exception {
        long start = System.nanoTime();
        try (HttpClient client = HttpClient.create();
             ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                results.add(executor.submit(() -> client.getBlocking(url).bodyAsString()));
            }
            for (Future<String> r : results) {
                Timing.printBody(out, r.get());
            }
        }
        Timing.printReal(out, start);
    }
}
