package io.hayate.examples;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Set;
import java.util.TreeSet;

/** Live platform threads of this JVM (virtual threads are not counted: they are not what costs). */
final class Threads {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private Threads() {}

    static int count() {
        return MX.getThreadCount();
    }

    /** Starts counting the peak from now. */
    static void resetPeak() {
        MX.resetPeakThreadCount();
    }

    /** The most platform threads alive at once since {@link #resetPeak()}. */
    static int peak() {
        return MX.getPeakThreadCount();
    }

    static Set<String> names() {
        Set<String> names = new TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            names.add(t.getName());
        }
        return names;
    }

    /** The names in {@code now} that were not in {@code before}. */
    static Set<String> added(Set<String> before, Set<String> now) {
        Set<String> added = new TreeSet<>(now);
        added.removeAll(before);
        return added;
    }
}
