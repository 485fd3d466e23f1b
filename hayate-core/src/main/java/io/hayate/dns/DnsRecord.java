package io.hayate.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * A resource record (RFC 1035 §4.1.3). The types the resolver reads have their own record with decoded data;
 * everything else is an {@link Other} with the raw RDATA.
 *
 * <p>Names carry no trailing dot. TTLs are seconds; a TTL with the top bit set reads as 0 (RFC 2181 §8).
 */
public sealed interface DnsRecord {

    /** The owner name. */
    String name();

    /** The record type number. */
    int type();

    /** The class number, usually {@link DnsQuestion#IN}. */
    int dnsClass();

    /** Time to live in seconds, 0 … 2<sup>31</sup>-1. */
    long ttl();

    /** An IPv4 address record. */
    record A(String name, int dnsClass, long ttl, Inet4Address address) implements DnsRecord {
        public A {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(address, "address");
        }

        @Override
        public int type() {
            return DnsRecordType.A.code();
        }
    }

    /** An IPv6 address record (RFC 3596). */
    record Aaaa(String name, int dnsClass, long ttl, Inet6Address address) implements DnsRecord {
        public Aaaa {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(address, "address");
        }

        @Override
        public int type() {
            return DnsRecordType.AAAA.code();
        }
    }

    /** A canonical-name record: {@code name} is an alias of {@code target}. */
    record Cname(String name, int dnsClass, long ttl, String target) implements DnsRecord {
        public Cname {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(target, "target");
        }

        @Override
        public int type() {
            return DnsRecordType.CNAME.code();
        }
    }

    /**
     * Start of a zone of authority. In the authority section of a negative answer its {@code minimum} bounds how
     * long the answer may be cached (RFC 2308 §5).
     */
    record Soa(String name, int dnsClass, long ttl, String mname, String rname, long serial, long refresh, long retry,
               long expire, long minimum) implements DnsRecord {
        public Soa {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(mname, "mname");
            Objects.requireNonNull(rname, "rname");
        }

        @Override
        public int type() {
            return DnsRecordType.SOA.code();
        }
    }

    /** Any other record, its RDATA kept as bytes (names inside it are not decompressed). */
    record Other(String name, int type, int dnsClass, long ttl, byte[] data) implements DnsRecord {
        public Other {
            Objects.requireNonNull(name, "name");
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Other r && r.name.equals(name) && r.type == type && r.dnsClass == dnsClass
                    && r.ttl == ttl && java.util.Arrays.equals(r.data, data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, type, dnsClass, ttl, java.util.Arrays.hashCode(data));
        }

        @Override
        public String toString() {
            return "Other[" + name + " " + DnsRecordType.nameOf(type) + " ttl=" + ttl + " " + data.length + " bytes]";
        }
    }

    /** An address record for {@code address}: {@link A} or {@link Aaaa} by its family. */
    static DnsRecord address(String name, long ttl, InetAddress address) {
        return switch (address) {
            case Inet4Address a4 -> new A(name, DnsQuestion.IN, ttl, a4);
            case Inet6Address a6 -> new Aaaa(name, DnsQuestion.IN, ttl, a6);
            default -> throw new IllegalArgumentException("not an IP address: " + address);
        };
    }
}
