package io.hayate.examples;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** {@code ./hayate example NAME [ARGS]}: runs one example by its name, or lists them. */
public final class Examples {
    private record Example(String args, String about, Main main) {}

    @FunctionalInterface
    private interface Main {
        void run(String[] args) throws Exception;
    }

    private static final Map<String, Example> EXAMPLES = new LinkedHashMap<>();

    static {
        EXAMPLES.put("sequential", new Example("[URL]", "3 requests one after the other (article: 3.240 s)", Sequential::main));
        EXAMPLES.put("platform-threads", new Example("[URL]", "3 platform threads, blocking calls (article: 1.199 s)", PlatformThreads::main));
        EXAMPLES.put("virtual-threads", new Example("[URL]", "3 virtual threads, blocking calls", VirtualThreads::main));
        EXAMPLES.put("async-gather", new Example("[URL]", "gather of 3 requests on the client's loop (article: 1.415 s)", AsyncGather::main));
        EXAMPLES.put("bounded-gather", new Example("[URL]", "limit(3) over 9 requests (article: 3.375 s)", BoundedGather::main));
        EXAMPLES.put("process-pool", new Example("[URL]", "3 JVMs running fetch-once, like Pool(3) (article: 1.347 s)", ProcessPool::main));
        EXAMPLES.put("fetch-once", new Example("[URL]", "one GET, body to stdout (the process pool's worker)", FetchOnce::main));
        EXAMPLES.put("unix-socket", new Example("[SOCKET] [PATH]", "gather of 3 over a UNIX socket (./hayate demo --socket /tmp/hayate.sock)", UnixSocketClient::main));
        EXAMPLES.put("thread-count", new Example("[URL] [COUNT]", "gather of 1,000 requests; platform threads before, at the peak, after", ThreadCount::main));
    }

    private Examples() {}

    public static void main(String[] args) throws Exception {
        int code;
        try {
            code = run(args, System.out, System.err);
        } catch (java.net.ConnectException e) {
            System.err.println("hayate example: " + e.getMessage() + "; is the demo running? ./hayate demo");
            code = 1;
        } catch (java.io.IOException e) {
            System.err.println("hayate example: " + e);
            code = 1;
        }
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the example {@code args[0]} with the rest of {@code args}; 2 when there is no such example. */
    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            usage(out);
            return 0;
        }
        Example e = EXAMPLES.get(name(args[0]));
        if (e == null) {
            err.println("hayate example: no example '" + args[0] + "'");
            usage(err);
            return 2;
        }
        e.main().run(Arrays.copyOfRange(args, 1, args.length));
        return 0;
    }

    /** {@code BoundedGather}, {@code bounded_gather} and {@code bounded-gather} are the same example. */
    static String name(String given) {
        String kebab = given.replaceAll("([a-z])([A-Z])", "$1-$2").replace('_', '-').toLowerCase(Locale.ROOT);
        return kebab.equals("unix-socket-client") ? "unix-socket" : kebab;
    }

    private static void usage(PrintStream out) {
        out.println("Usage: ./hayate example NAME [ARGS]   (URL defaults to " + Timing.DEFAULT_URL + ": start ./hayate demo first)");
        for (Map.Entry<String, Example> x : EXAMPLES.entrySet()) {
            out.printf(Locale.ROOT, "  %-17s %-16s %s%n", x.getKey(), x.getValue().args(), x.getValue().about());
        }
    }
}
