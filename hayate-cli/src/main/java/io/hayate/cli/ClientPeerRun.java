package io.hayate.cli;

import io.hayate.client.ClientConfig;
import io.hayate.client.ClientRequest;
import io.hayate.client.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hayate's client in ../shared/bench/client-peers: {@code URL N CONCURRENCY} sends N requests through
 * {@code limit(CONCURRENCY)} (the article's semaphore; no thread per request), prints the harness's last line
 * {@code done n=N ok=K failed=F wall_s=W threads_peak=T} (threads sampled from /proc/self/status every 10 ms, the
 * sampler included, as the harness's own clients do).
 */
public final class ClientPeerRun {
    private static volatile int threadsPeak;
    private static volatile boolean sampling = true;

    private ClientPeerRun() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: ClientPeerRun URL N CONCURRENCY");
            System.exit(2);
        }
        String url = args[0];
        int n = Integer.parseInt(args[1]);
        int c = Integer.parseInt(args[2]);
        Thread sampler = new Thread(() -> {
            while (sampling) {
                threadsPeak = Math.max(threadsPeak, threads());
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "thread-sampler");
        sampler.setDaemon(true);
        sampler.start();

        HttpClient client = HttpClient.create(ClientConfig.defaults()
                .withMaxConnectionsPerOrigin(Math.max(c, 1))
                .withRequestTimeout(Duration.ofSeconds(60))
                .withRetries(0));
        ClientRequest request = ClientRequest.get(url);
        // The article's Semaphore(c) over all n requests: every request is submitted at once and limit(c) keeps c
        // of them in flight; nothing waits on a thread.
        HttpClient limited = client.limit(c);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger printed = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(n);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            limited.send(request).whenComplete((r, e) -> {
                if (e == null && r.status() == 200) {
                    ok.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                    if (printed.incrementAndGet() <= 5) {
                        System.err.println("failed: " + (e != null ? e : "status " + r.status()));
                    }
                }
                done.countDown();
            });
        }
        done.await();
        double wall = (System.nanoTime() - t0) / 1e9;
        threadsPeak = Math.max(threadsPeak, threads());
        sampling = false;
        System.out.printf("done n=%d ok=%d failed=%d wall_s=%.3f threads_peak=%d%n", n, ok.get(), failed.get(), wall, threadsPeak);
        System.out.flush();
        client.close();
        System.exit(0);
    }

    private static int threads() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("Threads:")) {
                    return Integer.parseInt(l.substring(8).trim());
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return 0;
    }
}
