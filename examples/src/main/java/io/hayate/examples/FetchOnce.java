package io.hayate.examples;

import io.hayate.client.ClientResponse;
import io.hayate.client.HttpClient;

/** One GET, body to standard output: the worker {@link ProcessPool} starts, like the article's {@code fetch(url)}. */
public final class FetchOnce {
    private FetchOnce() {}

    public static void main(String[] args) throws Exception {
        try (HttpClient client = HttpClient.create()) {
            ClientResponse r = client.getBlocking(Timing.url(args));
            System.out.print(r.bodyAsString());
            System.out.flush();
            if (r.status() >= 400) {
                System.exit(1);
            }
        }
    }
}
