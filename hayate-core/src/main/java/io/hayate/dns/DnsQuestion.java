package io.hayate.dns;

/**
 * The question section entry of a DNS message (RFC 1035 §4.1.2).
 *
 * @param name     the domain name, without a trailing dot; the root is {@code ""}
 * @param type     the record type number, see {@link DnsRecordType}
 * @param dnsClass the class number, {@link #IN} for the Internet
 */
public record DnsQuestion(String name, int type, int dnsClass) {
    /** The Internet class. */
    public static final int IN = 1;

    public DnsQuestion {
        java.util.Objects.requireNonNull(name, "name");
        DnsCodec.checkU16(type, "type");
        DnsCodec.checkU16(dnsClass, "dnsClass");
    }

    /** A question for {@code type} records of {@code name} in class IN. */
    public DnsQuestion(String name, DnsRecordType type) {
        this(name, type.code(), IN);
    }

    /** Whether {@code other} asks the same: names compared without regard to ASCII case (RFC 4343). */
    public boolean matches(DnsQuestion other) {
        return type == other.type && dnsClass == other.dnsClass && DnsCodec.sameName(name, other.name);
    }

    @Override
    public String toString() {
        return name + " " + DnsRecordType.nameOf(type);
    }
}
