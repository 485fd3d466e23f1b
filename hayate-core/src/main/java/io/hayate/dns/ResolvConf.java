package io.hayate.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code /etc/resolv.conf} says, read the way glibc reads it (resolv.conf(5)).
 *
 * <p>Understood: {@code nameserver} (IPv4 or IPv6, at most {@value #MAX_NAMESERVERS}, the rest ignored as glibc
 * does), {@code domain} and {@code search} (the last one wins), and {@code options} {@code ndots:n} (capped at
 * 15), {@code timeout:n} (seconds, capped at 30), {@code attempts:n} (capped at 5), {@code rotate} and
 * {@code edns0}. Comments start with {@code #} or {@code ;}. Anything else ({@code sortlist}, unknown options)
 * is ignored. The environment variables {@code LOCALDOMAIN} and {@code RES_OPTIONS} are not read.
 *
 * <p>The file has no syntax for a port: nameservers listen on 53. To use another port, build a
 * {@link ResolverConfig} with {@link ResolverConfig#withNameservers}.
 *
 * @param nameservers the servers to ask, in order; when the file names none, {@code 127.0.0.1}
 * @param search      domains to append to names with fewer than {@code ndots} dots
 * @param ndots       dots a name needs to be tried as-is first; default 1
 * @param timeout     how long to wait for one server's reply; default 5 s
 * @param attempts    how many rounds over the servers; default 2
 * @param rotate      whether to spread queries over the servers round-robin instead of always starting at the first
 * @param edns0       whether queries advertise a larger UDP payload with EDNS (RFC 6891)
 */
public record ResolvConf(List<InetAddress> nameservers, List<String> search, int ndots, Duration timeout, int attempts,
                         boolean rotate, boolean edns0) {
    /** Where the system keeps the file. */
    public static final Path SYSTEM_PATH = Path.of("/etc/resolv.conf");
    /** glibc's MAXNS. */
    public static final int MAX_NAMESERVERS = 3;

    public ResolvConf {
        nameservers = List.copyOf(nameservers);
        search = List.copyOf(search);
        if (ndots < 0 || attempts < 1 || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("ndots >= 0, attempts >= 1 and a positive timeout are required");
        }
    }

    /** What a missing or empty file means: 127.0.0.1, no search list, ndots 1, timeout 5 s, attempts 2. */
    public static ResolvConf defaults() {
        return new ResolvConf(List.of(InetAddress.getLoopbackAddress()), List.of(), 1, Duration.ofSeconds(5), 2,
                false, false);
    }

    /** Parses resolv.conf(5) text; never fails, since glibc ignores what it does not understand. */
    public static ResolvConf parse(String text) {
        List<InetAddress> nameservers = new ArrayList<>();
        List<String> search = List.of();
        int ndots = 1;
        int timeout = 5;
        int attempts = 2;
        boolean rotate = false;
        boolean edns0 = false;
        for (String line : text.split("\r?\n|\r")) {
            int comment = firstOf(line, '#', ';');
            String[] f = (comment >= 0 ? line.substring(0, comment) : line).strip().split("[ \t]+");
            if (f.length < 2) {
                continue;
            }
            switch (f[0]) {
                case "nameserver" -> {
                    InetAddress a = IpLiteral.parse(f[1]);
                    if (a != null && nameservers.size() < MAX_NAMESERVERS) {
                        nameservers.add(a);
                    }
                }
                case "domain" -> search = List.of(DnsCodec.canonical(f[1]));
                case "search" -> {
                    List<String> domains = new ArrayList<>();
                    for (int i = 1; i < f.length; i++) {
                        String d = DnsCodec.canonical(f[i]);
                        if (!d.isEmpty() && !domains.contains(d)) {
                            domains.add(d);
                        }
                    }
                    search = domains;
                }
                case "options" -> {
                    for (int i = 1; i < f.length; i++) {
                        String o = f[i];
                        if (o.startsWith("ndots:")) {
                            ndots = option(o, ndots, 0, 15);
                        } else if (o.startsWith("timeout:")) {
                            timeout = option(o, timeout, 1, 30);
                        } else if (o.startsWith("attempts:")) {
                            attempts = option(o, attempts, 1, 5);
                        } else if (o.equals("rotate")) {
                            rotate = true;
                        } else if (o.equals("edns0")) {
                            edns0 = true;
                        }
                    }
                }
                default -> {
                    // sortlist, lookup, family, unknown keywords: ignored, as glibc does
                }
            }
        }
        if (nameservers.isEmpty()) {
            nameservers.add(InetAddress.getLoopbackAddress());
        }
        return new ResolvConf(nameservers, search, ndots, Duration.ofSeconds(timeout), attempts, rotate, edns0);
    }

    /** Reads and parses {@code path}; a missing file gives {@link #defaults()}. */
    public static ResolvConf read(Path path) throws IOException {
        try {
            return parse(Files.readString(path, StandardCharsets.ISO_8859_1));
        } catch (NoSuchFileException e) {
            return defaults();
        }
    }

    private static int option(String option, int current, int min, int max) {
        try {
            int v = Integer.parseInt(option.substring(option.indexOf(':') + 1));
            return Math.max(min, Math.min(max, v));
        } catch (NumberFormatException e) {
            return current;
        }
    }

    private static int firstOf(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }
}
