package io.hayate.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolverProvider;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Run by {@link ResolverProviderTest} in a JVM of its own whose class path registers
 * {@link HayateInetAddressResolverProvider}: resolves through plain {@link InetAddress} on a virtual thread and
 * prints what it got.
 */
public final class ProviderProbe {
    private ProviderProbe() {}

    public static void main(String[] args) throws Exception {
        // Never let a lookup reach the system's resolver: stop unless ours is the provider the JDK will pick.
        List<String> providers = ServiceLoader.load(InetAddressResolverProvider.class, ClassLoader.getSystemClassLoader())
                .stream().map(p -> p.type().getName()).toList();
        if (providers.isEmpty() || !providers.get(0).equals(HayateInetAddressResolverProvider.class.getName())) {
            System.out.println("NO-PROVIDER " + providers);
            System.exit(3);
        }
        Thread vt = Thread.ofVirtual().start(() -> {
            try {
                System.out.println("both " + Arrays.toString(InetAddress.getAllByName("both.test")));
                System.out.println("hosts " + InetAddress.getByName("fromhosts.test"));
                try {
                    InetAddress.getByName("nx.test");
                    System.out.println("nx resolved");
                } catch (UnknownHostException e) {
                    System.out.println("nx " + e.getMessage());
                }
                System.out.println("loop " + Thread.getAllStackTraces().keySet().stream()
                        .map(Thread::getName).filter(n -> n.startsWith("hayate-dns")).toList());
            } catch (Exception e) {
                System.out.println("failed " + e);
            }
        });
        vt.join();
        System.out.println("main done");
    }
}
