package io.hayate.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayate.loop.LoopGroup;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resolving runs on the loop: thousands of lookups, cached and not, start no thread at all. */
class ResolverThreadsTest {
    @TempDir
    static Path dir;
    static Dnsmasq dnsmasq;

    @BeforeAll
    static void start() throws Exception {
        // Every name under many.test has an A and an AAAA record; other names under test do not exist.
        dnsmasq = Dnsmasq.start(dir, "--local=/test/", "--local-ttl=600",
                "--address=/many.test/10.0.0.9", "--address=/many.test/fd00::9");
    }

    @AfterAll
    static void stop() throws Exception {
        if (dnsmasq != null) {
            dnsmasq.close();
        }
    }

    private static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).collect(Collectors.toSet());
    }

    @Test
    void thousands_of_resolutions_start_no_thread() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        ResolverConfig config = ResolverConfig.defaults().withNameservers(dnsmasq.address())
                .withTimeout(Duration.ofSeconds(2));
        try (LoopGroup loops = new LoopGroup(1, "dns-threads-loop");
             Resolver r = Resolver.create(loops, config)) {
            r.resolveBlocking("warmup.many.test"); // class loading, SecureRandom seeding: before the count
            r.resolve("warmup2.many.test").get(5, TimeUnit.SECONDS);

            long startedBefore = threads.getTotalStartedThreadCount();
            int liveBefore = threads.getThreadCount();
            Set<String> namesBefore = threadNames();
            long queriesBefore = r.stats().udpQueries();

            int resolutions = 0;
            int failures = 0;
            List<CompletableFuture<List<InetAddress>>> batch = new ArrayList<>();
            for (int round = 0; round < 6; round++) {
                for (int i = 0; i < 500; i++) {
                    String name = i % 50 == 49 ? "missing" + i + ".test" : "n" + i + ".many.test";
                    resolutions++;
                    if (i % 10 == 0) {
                        assertThat(r.resolveBlocking(name)).hasSize(2);
                    } else {
                        batch.add(r.resolve(name));
                    }
                    if (batch.size() == 100) {
                        failures += join(batch);
                    }
                }
            }
            failures += join(batch);
            // and a thousand issued on the loop thread itself, as the HTTP client does
            CompletableFuture<List<CompletableFuture<List<InetAddress>>>> fromLoop = new CompletableFuture<>();
            loops.next().execute(() -> {
                List<CompletableFuture<List<InetAddress>>> list = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    list.add(r.resolve("n" + (i % 600) + ".many.test"));
                }
                fromLoop.complete(list);
            });
            failures += join(new ArrayList<>(fromLoop.get(10, TimeUnit.SECONDS)));
            resolutions += 1000;

            assertThat(resolutions).isEqualTo(4000);
            assertThat(failures).as("the missing*.test names").isEqualTo(6 * 10);
            long queries = r.stats().udpQueries() - queriesBefore;
            assertThat(queries).as("n0..n599 asked once per type; the NXDOMAINs (no SOA, not cached) every time")
                    .isEqualTo(600 * 2 + 6 * 10 * 2);

            // The JVM's count of threads ever started catches even a thread that came and went; the live count may
            // only drop (a thread of an earlier test class ending), never grow.
            assertThat(threads.getTotalStartedThreadCount()).as("threads started while resolving")
                    .isEqualTo(startedBefore);
            assertThat(threads.getThreadCount()).isLessThanOrEqualTo(liveBefore);
            assertThat(threadNames()).isSubsetOf(namesBefore);
        }
    }

    /** Waits for every future, returns how many failed with a DnsException, and clears the list. */
    private static int join(List<CompletableFuture<List<InetAddress>>> futures) throws Exception {
        int failed = 0;
        for (CompletableFuture<List<InetAddress>> f : futures) {
            try {
                assertThat(f.get(10, TimeUnit.SECONDS)).hasSize(2);
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(DnsException.class);
                failed++;
            }
        }
        futures.clear();
        return failed;
    }
}
