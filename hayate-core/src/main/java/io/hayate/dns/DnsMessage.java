package io.hayate.dns;

import java.util.List;

/**
 * A DNS message (RFC 1035 §4.1): header, question, answer, authority and additional sections.
 *
 * <p>The header's second 16-bit word is kept whole in {@link #flags()}; the accessors below read its fields.
 * An EDNS OPT pseudo-record (RFC 6891) stays in {@link #additionals()} as a {@link DnsRecord.Other} of type 41;
 * its extended RCODE bits are not folded into {@link #rcode()}.
 *
 * @param id          the 16-bit message id that pairs a reply with its query
 * @param flags       QR, OPCODE, AA, TC, RD, RA, Z and RCODE as on the wire
 * @param questions   the question section, one entry in practice
 * @param answers     records that answer the question, CNAMEs first
 * @param authorities the authority section, e.g. the zone's SOA in a negative answer
 * @param additionals the additional section, including any EDNS OPT record
 */
public record DnsMessage(int id, int flags, List<DnsQuestion> questions, List<DnsRecord> answers,
                         List<DnsRecord> authorities, List<DnsRecord> additionals) {

    /** RCODE 0: no error. */
    public static final int NOERROR = 0;
    /** RCODE 1: the server could not interpret the query. */
    public static final int FORMERR = 1;
    /** RCODE 2: the server failed to answer (e.g. it could not reach the authoritative servers). */
    public static final int SERVFAIL = 2;
    /** RCODE 3: the name does not exist. */
    public static final int NXDOMAIN = 3;
    /** RCODE 4: the server does not support this kind of query. */
    public static final int NOTIMP = 4;
    /** RCODE 5: the server refuses to answer, usually by policy. */
    public static final int REFUSED = 5;

    static final int QR = 0x8000;
    static final int AA = 0x0400;
    static final int TC = 0x0200;
    static final int RD = 0x0100;
    static final int RA = 0x0080;

    public DnsMessage {
        DnsCodec.checkU16(id, "id");
        DnsCodec.checkU16(flags, "flags");
        questions = List.copyOf(questions);
        answers = List.copyOf(answers);
        authorities = List.copyOf(authorities);
        additionals = List.copyOf(additionals);
    }

    /** A standard query for {@code question} with recursion desired, as a stub resolver sends it. */
    public static DnsMessage query(int id, DnsQuestion question) {
        return new DnsMessage(id, RD, List.of(question), List.of(), List.of(), List.of());
    }

    /** Whether this is a response (QR bit). */
    public boolean isResponse() {
        return (flags & QR) != 0;
    }

    /** The OPCODE, 0 for a standard query. */
    public int opcode() {
        return (flags >>> 11) & 0xF;
    }

    /** Whether the answer is authoritative (AA bit). */
    public boolean isAuthoritative() {
        return (flags & AA) != 0;
    }

    /** Whether the message was truncated to fit the transport (TC bit); the full answer needs TCP. */
    public boolean isTruncated() {
        return (flags & TC) != 0;
    }

    /** Whether recursion is desired (RD bit). */
    public boolean isRecursionDesired() {
        return (flags & RD) != 0;
    }

    /** Whether the server offers recursion (RA bit). */
    public boolean isRecursionAvailable() {
        return (flags & RA) != 0;
    }

    /** The 4-bit response code, e.g. {@link #NOERROR} or {@link #NXDOMAIN}. */
    public int rcode() {
        return flags & 0xF;
    }

    /** The mnemonic of {@link #rcode()}: {@code NOERROR}, {@code NXDOMAIN}, … or {@code RCODEn}. */
    public static String rcodeName(int rcode) {
        return switch (rcode) {
            case NOERROR -> "NOERROR";
            case FORMERR -> "FORMERR";
            case SERVFAIL -> "SERVFAIL";
            case NXDOMAIN -> "NXDOMAIN";
            case NOTIMP -> "NOTIMP";
            case REFUSED -> "REFUSED";
            default -> "RCODE" + rcode;
        };
    }
}
