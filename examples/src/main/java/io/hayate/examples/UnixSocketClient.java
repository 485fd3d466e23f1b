package io.hayate.examples;

import io.hayate.client.ClientRequest;
import io.hayate.client.ClientResponse;
import io.hayate.client.HttpClient;
import io.hayate.client.Outcome;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * The fourth article's aioredis experiment over a UNIX domain socket: a gather of three requests to
 * {@code ./hayate demo --socket PATH}, with the platform threads before and after. With asyncio a UNIX socket needed
 * no {@code getaddrinfo} thread where TCP did; with Hayate neither does. Arguments:
 * {@code [SOCKET] [PATH]}, by default {@code /tmp/hayate.sock} and {@code /slow}.
 */
public final class UnixSocketClient {
    static final String DEFAULT_SOCKET = "/tmp/hayate.sock";

    private UnixSocketClient() {}

    public static void main(String[] args) throws Exception {
        run(args.length > 0 ? args[0] : DEFAULT_SOCKET, args.length > 1 ? args[1] : "/slow", System.out);
    }

    static void run(String socket, String path, PrintStream out) throws Exception {
        long start = System.nanoTime();
        // http+unix://: the socket's path, percent-encoded, is the authority
        String url = "http+unix://" + URLEncoder.encode(socket, StandardCharsets.UTF_8) + path;
        Set<String> before = Threads.names();
        Threads.resetPeak();
        Set<String> during;
        try (HttpClient client = HttpClient.create()) {
            List<Outcome<ClientResponse>> results = client.gather(Collections.nCopies(3, ClientRequest.get(url))).join();
            during = Threads.names();
            for (Outcome<ClientResponse> r : results) {
                Timing.printBody(out, r.get().bodyAsString());
            }
        }
        out.println("platform threads: " + before.size() + " before, peak " + Threads.peak() + ", new while the client was open: "
                + Threads.added(before, during));
        Timing.printReal(out, start);
    }
}
