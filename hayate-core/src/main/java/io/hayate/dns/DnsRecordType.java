package io.hayate.dns;

/**
 * The DNS record types Hayate knows by name (RFC 1035 §3.2.2, RFC 3596, RFC 6891).
 *
 * <p>Messages carry types as numbers ({@link DnsQuestion#type()}, {@link DnsRecord#type()}) so that a reply with a
 * type this enum does not list still decodes; {@link #of(int)} and {@link #nameOf(int)} translate.
 */
public enum DnsRecordType {
    A(1),
    NS(2),
    CNAME(5),
    SOA(6),
    PTR(12),
    MX(15),
    TXT(16),
    AAAA(28),
    SRV(33),
    OPT(41),
    ANY(255);

    private final int code;

    DnsRecordType(int code) {
        this.code = code;
    }

    /** The type's number on the wire. */
    public int code() {
        return code;
    }

    /** The type with number {@code code}, or {@code null} when Hayate has no name for it. */
    public static DnsRecordType of(int code) {
        for (DnsRecordType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }

    /** The mnemonic of {@code code}, or {@code TYPEnnn} (RFC 3597 §5) for an unnamed type. */
    public static String nameOf(int code) {
        DnsRecordType t = of(code);
        return t != null ? t.name() : "TYPE" + code;
    }
}
