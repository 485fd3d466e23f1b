package io.hayate.examples;

import io.hayate.client.HttpClient;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The article's {@code client_threading.py}: one platform thread per request, each blocked in its call, results put
 * on a queue. About one delay: 1.199 s in the article.
 */
public final class PlatformThreads {
    private PlatformThreads() {}

    public static void main(String[] args) throws Exception {
        run(Timing.url(args), System.out);
    }

    static void run(String url, PrintStream out) throws Exception {
        long start = System.nanoTime();
        try (HttpClient client = HttpClient.create()) {
            ConcurrentLinkedQueue<Object> results = new ConcurrentLinkedQueue<>(); // a body, or what went wrong
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                threads.add(Thread.ofPlatform().name("fetch-" + i).start(() -> {
                    try {
                        results.add(client.getBlocking(url).bodyAsString());
                    } catch (Exception e) {
                        results.add(e);
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            for (Object r : results) {
                if (r instanceof Exception e) {
                    throw e;
                }
                Timing.printBody(out, (String) r);
            }
        }
        Timing.printReal(out, start);
    }
}
