package io.hayate.examples;

import io.hayate.client.ClientResponse;
import io.hayate.client.HttpClient;
import java.io.PrintStream;

/**
 * The article's {@code client_sync.py}: three requests, one after the other ({@code requests.get} in a loop). Takes
 * three times the server's delay: 3.240 s in the article.
 */
public final class Sequential {
    private Sequential() {}

    public static void main(String[] args) throws Exception {
        run(Timing.url(args), System.out);
    }

    static void run(String url, PrintStream out) throws Exception {
        long start = System.nanoTime();
        try (HttpClient client = HttpClient.create()) {
            for (int i = 0; i < 3; i++) {
                ClientResponse r = client.getBlocking(url);
                Timing.printBody(out, r.bodyAsString());
            }
        }
        Timing.printReal(out, start);
    }
}
