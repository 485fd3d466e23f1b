package io.hayate.examples;

import io.hayate.client.ClientRequest;
import io.hayate.client.ClientResponse;
import io.hayate.client.HttpClient;
import io.hayate.client.Outcome;
import java.io.PrintStream;
import java.util.Collections;
import java.util.List;

/**
 * The article's {@code client_async_with_semaphore.py}: nine requests, at most three at a time
 * ({@code asyncio.Semaphore(3)}), so three waves of one delay: 3.375 s in the article. {@code limit(3)} queues the
 * other six without a thread.
 */
public final class BoundedGather {
    private BoundedGather() {}

    public static void main(String[] args) throws Exception {
        run(Timing.url(args), System.out);
    }

    static void run(String url, PrintStream out) throws Exception {
        long start = System.nanoTime();
        try (HttpClient client = HttpClient.create()) {
            HttpClient three = client.limit(3);
            List<Outcome<ClientResponse>> results = three.gather(Collections.nCopies(9, ClientRequest.get(url))).join();
            for (Outcome<ClientResponse> r : results) {
                Timing.printBody(out, r.get().bodyAsString());
            }
        }
        Timing.printReal(out, start);
    }
}
