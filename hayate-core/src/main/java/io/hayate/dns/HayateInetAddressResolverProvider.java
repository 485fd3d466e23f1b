package io.hayate.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes {@link InetAddress} resolve names with Hayate's {@link Resolver} (JEP 418): for code that calls
 * {@code InetAddress.getByName} on virtual threads, a lookup parks the virtual thread instead of holding a carrier
 * thread in {@code getaddrinfo}.
 *
 * <p><b>Opt-in.</b> hayate-core does <em>not</em> register this provider: the JDK uses the first provider on the
 * class path for every lookup in the JVM, so registering it from a library would silently replace name resolution
 * in every application that depends on hayate-core (and shadow any other provider). To use it, add a file
 * {@code META-INF/services/java.net.spi.InetAddressResolverProvider} to your application containing the line
 * {@code io.hayate.dns.HayateInetAddressResolverProvider}.
 *
 * <p><b>Configuration</b> comes from {@code /etc/resolv.conf} and {@code /etc/hosts}; these system properties
 * override it:
 * <table>
 *   <caption>System properties</caption>
 *   <tr><th>Property</th><th>Meaning</th></tr>
 *   <tr><td>{@value #RESOLV_CONF_PROPERTY}</td><td>path of the resolv.conf to read</td></tr>
 *   <tr><td>{@value #HOSTS_PROPERTY}</td><td>path of the hosts file to read</td></tr>
 *   <tr><td>{@value #NAMESERVERS_PROPERTY}</td><td>comma-separated nameservers with optional ports, e.g.
 *       {@code 127.0.0.1:5353,[::1]:5353}; replaces those of resolv.conf</td></tr>
 * </table>
 *
 * <p><b>Behaviour.</b> Forward lookups go to a {@link Resolver} with its own loop thread {@code hayate-dns-0},
 * started at the first lookup. Reverse lookups ({@code getHostName}, {@code getCanonicalHostName}) go to the
 * JDK's built-in resolver. The JDK keeps its own cache on top ({@code networkaddress.cache.ttl}, 30 s by default).
 * Because loop threads are not daemon threads, that loop stops once no lookup has run for 2 s, so it keeps the JVM
 * alive at most that long after {@code main} returns; the next lookup starts it again.
 */
public final class HayateInetAddressResolverProvider extends InetAddressResolverProvider {
    /** Path of the resolv.conf file to read instead of {@code /etc/resolv.conf}. */
    public static final String RESOLV_CONF_PROPERTY = "io.hayate.dns.resolvConf";
    /** Path of the hosts file to read instead of {@code /etc/hosts}. */
    public static final String HOSTS_PROPERTY = "io.hayate.dns.hosts";
    /** Nameservers, comma-separated, each {@code ip}, {@code ip:port} or {@code [ipv6]:port}. */
    public static final String NAMESERVERS_PROPERTY = "io.hayate.dns.nameservers";

    /** Called by the JDK's service loader. */
    public HayateInetAddressResolverProvider() {}

    @Override
    public InetAddressResolver get(Configuration configuration) {
        return new SpiResolver(configFromSystemProperties(), configuration.builtinResolver());
    }

    @Override
    public String name() {
        return "hayate";
    }

    /** The configuration the provider uses: the system files, overridden by the properties above. */
    public static ResolverConfig configFromSystemProperties() {
        try {
            ResolvConf conf = ResolvConf.read(Path.of(System.getProperty(RESOLV_CONF_PROPERTY,
                    ResolvConf.SYSTEM_PATH.toString())));
            HostsFile hosts = HostsFile.read(Path.of(System.getProperty(HOSTS_PROPERTY, HostsFile.SYSTEM_PATH.toString())));
            ResolverConfig config = ResolverConfig.from(conf, hosts);
            String nameservers = System.getProperty(NAMESERVERS_PROPERTY);
            return nameservers == null || nameservers.isBlank() ? config
                    : config.withNameservers(parseNameservers(nameservers));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the resolver configuration", e);
        }
    }

    /** Parses {@code 127.0.0.1:5353,[::1]:5353,10.0.0.1}; the port defaults to 53. */
    static List<InetSocketAddress> parseNameservers(String text) {
        List<InetSocketAddress> list = new ArrayList<>();
        for (String item : text.split(",")) {
            String s = item.strip();
            if (s.isEmpty()) {
                continue;
            }
            String host = s;
            int port = ResolverConfig.DNS_PORT;
            if (s.startsWith("[")) {
                int close = s.indexOf(']');
                if (close > 0 && s.length() > close + 1 && s.charAt(close + 1) == ':') {
                    port = port(s.substring(close + 2), s);
                    host = s.substring(0, close + 1);
                }
            } else if (s.indexOf(':') == s.lastIndexOf(':') && s.indexOf(':') > 0) {
                port = port(s.substring(s.indexOf(':') + 1), s);
                host = s.substring(0, s.indexOf(':'));
            }
            InetAddress address = IpLiteral.parse(host);
            if (address == null) {
                throw new IllegalArgumentException(NAMESERVERS_PROPERTY + ": '" + s + "' is not an IP address with an optional port");
            }
            list.add(new InetSocketAddress(address, port));
        }
        return list;
    }

    private static int port(String text, String item) {
        try {
            int p = Integer.parseInt(text);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(NAMESERVERS_PROPERTY + ": bad port in '" + item + "'");
    }
}
