package io.hayate.cli;

import io.hayate.client.ClientConfig;
import io.hayate.client.ClientRequest;
import io.hayate.client.ClientResponse;
import io.hayate.client.ClientStats;
import io.hayate.client.HttpClient;
import io.hayate.client.Outcome;
import io.hayate.client.RateLimit;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hayate fetch}: the second article's client as a tool. Every request is sent at once through the client's
 * {@link HttpClient#limit limit} and {@link RateLimit rate limit} (queued on the loop, no thread per request), and
 * one line per request is printed in the order the requests were given, each as soon as it and those before it are
 * done.
 *
 * <p>A request is <em>ok</em> when an HTTP response came back, whatever its status (404 and 500 are answers); it
 * <em>failed</em> when no response did (refused, timed out, reset, malformed). The exit code is 0 when every
 * request is ok, 1 when one failed, 2 for a usage error.
 */
@Command(name = "fetch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"GETs every URL (each --repeat times) concurrently with Hayate's client, then prints one line per "
                + "request in the order given and a summary.",
                "",
                "  ok:     INDEX URL STATUS BYTES(B) MILLISECONDS(ms)",
                "  failed: INDEX URL error MILLISECONDS(ms) EXCEPTION: MESSAGE",
                "  then:   wall=SECONDSs ok=N failed=N threads=N connections=N",
                "",
                "Milliseconds run from the start of the batch to that request's last byte, so waits for --limit and "
                        + "--rate show. Any HTTP response is ok (a 404 too); failed means no response (refused, timeout, "
                        + "reset). threads is the peak number of live platform threads in this JVM during the run "
                        + "(the JVM's own included); connections is how many the client opened.",
                "Exit code: 0 all ok, 1 some failed, 2 usage error."},
        footer = {"", "Examples:",
                "  hayate fetch --repeat 3 http://127.0.0.1:8080/slow               (~1 s)",
                "  hayate fetch --limit 3 --repeat 9 http://127.0.0.1:8080/slow     (~3 s)",
                "  hayate fetch --unix /tmp/hayate.sock http://localhost/slow",
                "  hayate fetch http+unix://%%2Ftmp%%2Fhayate.sock/slow"})
final class FetchCommand implements Callable<Integer> {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    @Spec
    CommandSpec spec;

    @Option(names = "--limit", paramLabel = "N", description = "at most N requests in flight at once (default: no limit)")
    Integer limit;

    @Option(names = "--rate", paramLabel = "R", description = "start at most R requests per second, evenly spaced (default: no limit)")
    Double rate;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "give up on a request after DURATION, e.g. 500ms, 2s, 1m; counted from its turn under --limit, "
                    + "waiting for --rate included (default: none)")
    Duration timeout;

    @Option(names = "--repeat", paramLabel = "K", defaultValue = "1",
            description = "send the list of URLs K times (default: ${DEFAULT-VALUE})")
    int repeat;

    @Option(names = "--unix", paramLabel = "PATH",
            description = "send every request over the UNIX domain socket PATH; the URL gives the path and Host")
    Path unix;

    @Parameters(paramLabel = "URL", arity = "1..*",
            description = "http://host[:port]/path, or http+unix://SOCKET/path with the socket path percent-encoded "
                    + "(http+unix://%%2Ftmp%%2Fhayate.sock/slow); without a scheme, http:// is assumed")
    List<String> urls;

    @Override
    public Integer call() throws InterruptedException {
        List<ClientRequest> requests = validate();
        ClientConfig config = ClientConfig.defaults();
        if (rate != null) {
            config = config.withRateLimit(RateLimit.perSecond(rate));
        }
        if (timeout != null) {
            config = config.withRequestTimeout(timeout);
        }
        PrintWriter out = spec.commandLine().getOut();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        threads.resetPeakThreadCount();
        int ok = 0;
        int failed = 0;
        ClientStats stats;
        long start;
        long end;
        try (HttpClient client = HttpClient.create(config)) {
            HttpClient sender = limit != null ? client.limit(limit) : client;
            start = System.nanoTime();
            // gather(), plus the time each request completed: one future per request, all sent now, none on a thread
            List<CompletableFuture<Timed>> pending = new ArrayList<>(requests.size());
            for (ClientRequest r : requests) {
                pending.add(sender.send(r).handle((response, failure) -> new Timed(
                        response != null ? Outcome.success(response) : Outcome.failure(unwrap(failure)), System.nanoTime())));
            }
            for (int i = 0; i < requests.size(); i++) {
                Timed t = pending.get(i).join(); // in the order given, each printed as soon as it is known
                pending.set(i, null); // a long run keeps only the responses not printed yet
                String ms = (t.doneAt - start) / 1_000_000 + "ms";
                String head = (i + 1) + " " + urls.get(i % urls.size());
                if (t.outcome.isSuccess()) {
                    ClientResponse response = t.outcome.value();
                    out.println(head + " " + response.status() + " " + response.body().length + "B " + ms);
                    ok++;
                } else {
                    out.println(head + " error " + ms + " " + describe(requests.get(i), t.outcome.failure()));
                    failed++;
                }
                out.flush();
            }
            end = System.nanoTime();
            stats = client.stats();
        }
        out.printf(Locale.ROOT, "wall=%.3fs ok=%d failed=%d threads=%d connections=%d%n",
                (end - start) / 1e9, ok, failed, threads.getPeakThreadCount(), stats.connectionsOpened());
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    private record Timed(Outcome<ClientResponse> outcome, long doneAt) {}

    /** The requests, each URL {@code repeat} times (the list over and over); usage errors as {@link ParameterException}s. */
    private List<ClientRequest> validate() {
        CommandLine cl = spec.commandLine();
        if (limit != null && limit < 1) {
            throw new ParameterException(cl, "--limit must be at least 1, got " + limit);
        }
        if (rate != null && (!(rate > 0) || rate.isInfinite())) {
            throw new ParameterException(cl, "--rate must be a positive number of requests per second, got " + rate);
        }
        if (repeat < 1) {
            throw new ParameterException(cl, "--repeat must be at least 1, got " + repeat);
        }
        if ((long) repeat * urls.size() > 10_000_000) {
            throw new ParameterException(cl, "--repeat " + repeat + " x " + urls.size() + " URLs is more than 10,000,000 requests");
        }
        List<ClientRequest> distinct = new ArrayList<>(urls.size());
        for (int i = 0; i < urls.size(); i++) {
            String url = urls.get(i);
            if (!url.contains("://")) {
                url = "http://" + url;
                urls.set(i, url);
            }
            ClientRequest r;
            try {
                r = ClientRequest.get(URI.create(url));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(cl, "bad URL '" + urls.get(i) + "': " + reason(url, e));
            }
            if (unix != null) {
                if (r.uri().getScheme().toLowerCase(Locale.ROOT).endsWith("+unix")) {
                    throw new ParameterException(cl, "--unix and " + url + " both name a socket; give the socket once: "
                            + "--unix PATH with http://localhost/..., or http+unix://... alone");
                }
                r = r.withUnixSocket(unix);
            }
            distinct.add(r);
        }
        List<ClientRequest> all = new ArrayList<>(distinct.size() * repeat);
        for (int k = 0; k < repeat; k++) {
            all.addAll(distinct);
        }
        return all;
    }

    private static String reason(String url, IllegalArgumentException e) {
        String m = e.getCause() instanceof java.net.URISyntaxException s ? s.getMessage() : String.valueOf(e.getMessage());
        return m.startsWith(url + ": ") ? m.substring(url.length() + 2) : m;
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** {@code ConnectException: cannot connect to …}: the failure without the "GET uri: " its message starts with. */
    static String describe(ClientRequest request, Throwable failure) {
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        String prefix = request.method() + " " + request.uri() + ": ";
        if (message.startsWith(prefix)) {
            message = message.substring(prefix.length());
        }
        return failure.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }

    /** {@code 500ms}, {@code 2s}, {@code 1.5s}, {@code 1m}, {@code 1h}: positive, with a unit. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Matcher m = DURATION.matcher(value.strip().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a duration; write a number and a unit: 500ms, 2s, 1.5s, 1m, 1h");
            }
            double amount = Double.parseDouble(m.group(1));
            double nanos = amount * switch (m.group(2)) {
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            if (nanos < 1e6) {
                throw new CommandLine.TypeConversionException("'" + value + "' is too short; a timeout is at least 1ms");
            }
            if (nanos > 365 * 24 * 3600e9) {
                throw new CommandLine.TypeConversionException("'" + value + "' is longer than a year");
            }
            return Duration.ofNanos((long) nanos);
        }
    }
}
