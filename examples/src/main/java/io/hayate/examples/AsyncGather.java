package io.hayate.examples;

import io.hayate.client.ClientRequest;
import io.hayate.client.ClientResponse;
import io.hayate.client.HttpClient;
import io.hayate.client.Outcome;
import java.io.PrintStream;
import java.util.Collections;
import java.util.List;

/**
 * The article's {@code client_async.py}: {@code asyncio.gather} of three requests. The client's one loop thread
 * sends all three and waits for the answers; {@code join()} is {@code run_until_complete}. About one delay: 1.415 s
 * in the article.
 */
public final class AsyncGather {
    private AsyncGather() {}

    public static void main(String[] args) throws Exception {
        run(Timing.url(args), System.out);
    }

    static void run(String url, PrintStream out) throws Exception {
        long start = System.nanoTime();
        try (HttpClient client = HttpClient.create()) {
            List<ClientRequest> tasks = Collections.nCopies(3, ClientRequest.get(url));
            List<Outcome<ClientResponse>> results = client.gather(tasks).join();
            for (Outcome<ClientResponse> r : results) {
                Timing.printBody(out, r.get().bodyAsString());
            }
        }
        Timing.printReal(out, start);
    }
}
