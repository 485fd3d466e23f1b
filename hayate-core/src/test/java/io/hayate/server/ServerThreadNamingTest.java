package io.hayate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every thread a server starts says so by its name ({@code hayate-loop-N}, {@code hayate-worker-N},
 * {@code hayate-blocking}, virtual {@code hayate-vt}; with loop carriers the JVM's one {@code hayate-carrier-watch},
 * shared by every server), and none of the server's own is left once {@link Server#close()} returns.
 */
class ServerThreadNamingTest {

    @AllModes
    void server_threads_are_named_and_gone_after_close(Mode mode) throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        Set<String> handlerThreads = ConcurrentHashMap.newKeySet();
        Set<Thread> started;
        try (ServerHarness s = ServerHarness.start(mode, c -> c.withLoops(2).withThreads(3), app -> app.get("/", ctx -> {
            Thread t = Thread.currentThread();
            handlerThreads.add(t.getName() + (t.isVirtual() ? " (virtual)" : ""));
            return ctx.delay(Duration.ofMillis(20)).thenApply(x -> "ok");
        }))) {
            List<RawClient> clients = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                clients.add(s.connect().send(RawClient.get("/")));
            }
            for (RawClient c : clients) {
                assertThat(c.read().bodyText()).isEqualTo("ok");
            }
            started = new HashSet<>(Thread.getAllStackTraces().keySet());
            started.removeAll(before);
            started.removeIf(ServerThreadNamingTest::startedByTheJdkOrJUnit);
            started.removeIf(t -> t.getName().startsWith("hayate-carrier-")); // the JVM's, shared by every server

            List<String> names = started.stream().map(Thread::getName).sorted().toList();
            switch (mode) {
                case BLOCKING -> {
                    assertThat(names).containsExactly("hayate-blocking", "hayate-loop-0");
                    assertThat(handlerThreads).containsExactly("hayate-blocking");
                }
                case THREADS -> {
                    assertThat(names).contains("hayate-loop-0", "hayate-loop-1", "hayate-worker-0")
                            .allMatch(n -> n.matches("hayate-loop-[01]|hayate-worker-[012]"));
                    assertThat(handlerThreads).isNotEmpty().allMatch(n -> n.matches("hayate-worker-[012]"));
                }
                case LOOP -> {
                    assertThat(names).containsExactly("hayate-loop-0", "hayate-loop-1");
                    assertThat(handlerThreads).isNotEmpty().allMatch(n -> n.matches("hayate-loop-[01]"));
                }
                case VIRTUAL -> {
                    assertThat(names).containsExactly("hayate-loop-0", "hayate-loop-1");
                    if (io.hayate.loop.Loop.virtualThreadCarrier().equals("the loops")) {
                        assertThat(Thread.getAllStackTraces().keySet()).as("the JVM's carrier watch")
                                .anyMatch(t -> t.getName().equals("hayate-carrier-watch"));
                    }
                    assertThat(handlerThreads).containsExactly("hayate-vt (virtual)");
                }
            }
            assertThat(s.server.stats().threads()).isEqualTo(started.size());
        }
        assertThat(started).as("threads still alive after close()").noneMatch(Thread::isAlive);
    }

    /** Threads that appear in a JVM on their own: the virtual-thread scheduler, JUnit's timeout watchdog, tools. */
    private static boolean startedByTheJdkOrJUnit(Thread t) {
        String n = t.getName();
        return n.startsWith("ForkJoinPool-") || n.startsWith("VirtualThread-") || n.startsWith("junit-")
                || n.equals("Attach Listener") || n.startsWith("process reaper") || n.startsWith("InnocuousThread-");
    }
}
