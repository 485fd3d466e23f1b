package io.hayate.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The static host table of {@code /etc/hosts} (hosts(5)): each line is an IP address followed by a canonical name
 * and any aliases; {@code #} starts a comment.
 *
 * <p>Names match without regard to ASCII case and a trailing dot. A name on several lines gets every address, in
 * file order (like glibc's {@code multi on}). Lines whose address is not an IPv4 or IPv6 literal are skipped, as
 * glibc skips them.
 *
 * <p>The {@link Resolver} consults the table before DNS and does not re-read the file; build a new resolver to
 * pick up changes.
 *
 * @param entries canonical (lower-case) name to its addresses
 */
public record HostsFile(Map<String, List<InetAddress>> entries) {
    /** Where the system keeps the table. */
    public static final Path SYSTEM_PATH = Path.of("/etc/hosts");

    public HostsFile {
        Map<String, List<InetAddress>> copy = new LinkedHashMap<>();
        entries.forEach((k, v) -> copy.put(DnsCodec.canonical(k), List.copyOf(v)));
        entries = java.util.Collections.unmodifiableMap(copy);
    }

    /** A table with no entries. */
    public static HostsFile empty() {
        return new HostsFile(Map.of());
    }

    /** Parses hosts(5) text. */
    public static HostsFile parse(String text) {
        Map<String, Set<InetAddress>> byName = new LinkedHashMap<>();
        for (String line : text.split("\r?\n|\r")) {
            int hash = line.indexOf('#');
            String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (content.isEmpty()) {
                continue;
            }
            String[] fields = content.split("[ \t]+");
            InetAddress address = IpLiteral.parse(fields[0]);
            if (address == null || fields.length < 2) {
                continue;
            }
            for (int i = 1; i < fields.length; i++) {
                byName.computeIfAbsent(DnsCodec.canonical(fields[i]), k -> new LinkedHashSet<>()).add(address);
            }
        }
        Map<String, List<InetAddress>> entries = new LinkedHashMap<>();
        byName.forEach((k, v) -> entries.put(k, new ArrayList<>(v)));
        return new HostsFile(entries);
    }

    /** Reads and parses {@code path}; a missing file is an empty table. */
    public static HostsFile read(Path path) throws IOException {
        try {
            return parse(Files.readString(path, StandardCharsets.ISO_8859_1));
        } catch (NoSuchFileException e) {
            return empty();
        }
    }

    /** The addresses listed for {@code name}, in file order; empty when the name is not in the table. */
    public List<InetAddress> lookup(String name) {
        return entries.getOrDefault(DnsCodec.canonical(name), List.of());
    }
}
