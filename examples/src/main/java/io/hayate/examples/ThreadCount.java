package io.hayate.examples;

import io.hayate.client.ClientRequest;
import io.hayate.client.ClientResponse;
import io.hayate.client.HttpClient;
import io.hayate.client.Outcome;
import java.io.PrintStream;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * The fourth article's question (why does asyncio start worker threads?) asked of Hayate: a gather of 1,000
 * requests runs on the client's one loop thread. Name resolution too is done on that loop (an IP literal needs
 * none), so no thread pool appears for {@code getaddrinfo}. Prints the platform threads before, at the peak and
 * after. Arguments: {@code [URL] [COUNT]}.
 */
public final class ThreadCount {
    private ThreadCount() {}

    public static void main(String[] args) throws Exception {
        run(Timing.url(args), args.length > 1 ? Integer.parseInt(args[1]) : 1000, System.out);
    }

    static void run(String url, int count, PrintStream out) throws Exception {
        long start = System.nanoTime();
        Set<String> before = Threads.names();
        int countBefore = Threads.count();
        out.println("platform threads before: " + countBefore + " " + before);
        Threads.resetPeak();
        int ok = 0;
        int failed = 0;
        Set<String> during;
        long connections;
        try (HttpClient client = HttpClient.create()) {
            List<Outcome<ClientResponse>> results = client.gather(Collections.nCopies(count, ClientRequest.get(url))).join();
            during = Threads.names();
            connections = client.stats().connectionsOpened();
            for (Outcome<ClientResponse> r : results) {
                if (r.isSuccess()) {
                    ok++;
                } else {
                    failed++;
                    if (failed == 1) {
                        out.println("first failure: " + r.failure());
                    }
                }
            }
        }
        int peak = Threads.peak();
        out.println(count + " requests gathered: " + ok + " ok, " + failed + " failed, " + connections + " connections");
        out.println("platform threads at the peak: " + peak + " (+" + (peak - countBefore) + "); new while the client was open: "
                + Threads.added(before, during));
        Thread.sleep(50); // let the stopped loop thread finish exiting
        out.println("platform threads after close: " + Threads.count());
        Timing.printReal(out, start);
    }
}
