package io.hayate.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The article's {@code client_multiprocessing.py}: {@code Pool(processes=3).map(fetch, urls)}. Three JVMs each run
 * {@link FetchOnce} and hand back the body on standard output. One delay plus the cost of starting a JVM (Python
 * forks, which is cheaper): 1.347 s in the article.
 */
public final class ProcessPool {
    private ProcessPool() {}

    public static void main(String[] args) throws Exception {
        run(Timing.url(args), System.out);
    }

    static void run(String url, PrintStream out) throws Exception {
        long start = System.nanoTime();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> pool = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            pool.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), FetchOnce.class.getName(), url)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start());
        }
        List<String> results = new ArrayList<>();
        for (Process p : pool) {
            String body = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = p.waitFor();
            if (exit != 0) {
                throw new IOException("worker " + p.pid() + " exited with " + exit);
            }
            results.add(body);
        }
        for (String body : results) {
            Timing.printBody(out, body);
        }
        Timing.printReal(out, start);
    }
}
