package io.hayate.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.spi.InetAddressResolver.LookupPolicy;
import java.net.spi.InetAddressResolverProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link HayateInetAddressResolverProvider}: opt-in, and when opted in, what {@link InetAddress} uses. */
class ResolverProviderTest {
    private static final String SERVICE = "META-INF/services/" + InetAddressResolverProvider.class.getName();
    @TempDir
    static Path dir;
    static Dnsmasq dnsmasq;

    @BeforeAll
    static void start() throws Exception {
        dnsmasq = Dnsmasq.start(dir, "--local=/test/", "--local-ttl=60", "--host-record=both.test,10.0.0.2,fd00::2");
    }

    @AfterAll
    static void stop() throws Exception {
        if (dnsmasq != null) {
            dnsmasq.close();
        }
    }

    @Test
    void hayate_core_does_not_register_the_provider_by_itself() {
        assertThat(HayateInetAddressResolverProvider.class.getClassLoader().getResource(SERVICE)).isNull();
    }

    @Test
    void jdk_lookup_policies_map_to_address_orders() {
        int both = LookupPolicy.IPV4 | LookupPolicy.IPV6;
        assertThat(SpiResolver.order(LookupPolicy.IPV4, AddressOrder.IPV4_FIRST)).isEqualTo(AddressOrder.IPV4_ONLY);
        assertThat(SpiResolver.order(LookupPolicy.IPV6, AddressOrder.IPV4_FIRST)).isEqualTo(AddressOrder.IPV6_ONLY);
        assertThat(SpiResolver.order(both | LookupPolicy.IPV6_FIRST, AddressOrder.IPV4_FIRST)).isEqualTo(AddressOrder.IPV6_FIRST);
        assertThat(SpiResolver.order(both | LookupPolicy.IPV4_FIRST, AddressOrder.IPV6_FIRST)).isEqualTo(AddressOrder.IPV4_FIRST);
        assertThat(SpiResolver.order(both, AddressOrder.IPV6_FIRST)).isEqualTo(AddressOrder.IPV6_FIRST);
        assertThat(SpiResolver.order(both, AddressOrder.IPV4_ONLY)).isEqualTo(AddressOrder.IPV4_FIRST);
    }

    @Test
    void the_bridge_resolves_and_stops_its_loop_when_idle() throws Exception {
        ResolverConfig config = ResolverConfig.defaults().withNameservers(dnsmasq.address()).withTimeout(Duration.ofSeconds(2));
        SpiResolver spi = new SpiResolver(config, null, 200);
        List<InetAddress> v6first = spi.lookupByName("both.test",
                LookupPolicy.of(LookupPolicy.IPV4 | LookupPolicy.IPV6 | LookupPolicy.IPV6_FIRST)).toList();
        assertThat(v6first).containsExactly(IpLiteral.parse("fd00::2"), IpLiteral.parse("10.0.0.2"));
        assertThat(loopThreadAlive()).isTrue();
        awaitLoopStopped();
        // and comes back for the next lookup
        assertThat(spi.lookupByName("both.test", LookupPolicy.of(LookupPolicy.IPV4)).toList())
                .containsExactly(IpLiteral.parse("10.0.0.2"));
        assertThat(loopThreadAlive()).isTrue();
        awaitLoopStopped(); // leaves no thread behind for the tests that count them
    }

    private static void awaitLoopStopped() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (loopThreadAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(loopThreadAlive()).as("hayate-dns-0 stopped after being idle").isFalse();
    }

    private static boolean loopThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("hayate-dns-0"));
    }

    @Test
    void when_opted_in_inet_address_resolves_through_hayate_and_the_jvm_still_exits() throws Exception {
        Path services = dir.resolve("opt-in");
        Files.createDirectories(services.resolve("META-INF/services"));
        Files.writeString(services.resolve(SERVICE), HayateInetAddressResolverProvider.class.getName() + "\n");
        Path hosts = Files.writeString(dir.resolve("probe-hosts"), "10.5.5.5 fromhosts.test\n");
        Path resolvConf = Files.writeString(dir.resolve("probe-resolv.conf"), "options timeout:2 attempts:1\n");
        String classpath = String.join(java.io.File.pathSeparator,
                location(HayateInetAddressResolverProvider.class), location(ProviderProbe.class), services.toString());
        Path out = dir.resolve("probe.out");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath,
                "-D" + HayateInetAddressResolverProvider.NAMESERVERS_PROPERTY + "=127.0.0.1:" + dnsmasq.address().getPort(),
                "-D" + HayateInetAddressResolverProvider.HOSTS_PROPERTY + "=" + hosts,
                "-D" + HayateInetAddressResolverProvider.RESOLV_CONF_PROPERTY + "=" + resolvConf,
                ProviderProbe.class.getName())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        boolean exited = p.waitFor(30, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(exited).as("the probe JVM exits once its resolver loop is idle; output:\n%s", output).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("both [both.test/10.0.0.2, both.test/fd00:0:0:0:0:0:0:2]")
                .contains("hosts fromhosts.test/10.5.5.5")
                .contains("nx nx.test: no such host (NXDOMAIN")
                .contains("loop [hayate-dns-0]")
                .contains("main done");
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

}
