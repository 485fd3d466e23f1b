package io.hayate.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One pass of {@link DnsCodec#decode} over one message: offsets are relative to the start of the message, every
 * read is checked against its end, and every problem is a {@link DnsFormatException}.
 */
final class DnsDecoder {
    private static final int HEADER_SIZE = 12;
    private static final int MAX_NAME_OCTETS = 255;
    private static final int MAX_POINTER_HOPS = 127;

    private final ByteBuffer in;
    private final int limit;
    private int pos;

    DnsDecoder(ByteBuffer in) {
        this.in = in;
        this.limit = in.limit();
    }

    DnsMessage message() {
        need(HEADER_SIZE, "message shorter than the 12-byte header");
        int id = u16();
        int flags = u16();
        int qd = u16();
        int an = u16();
        int ns = u16();
        int ar = u16();
        // A question takes at least 5 bytes and a record 11: a count that cannot fit is an error now, before
        // any list is sized by it.
        if ((long) qd * 5 + (long) (an + ns + ar) * 11 > limit - pos) {
            throw new DnsFormatException("section counts (" + qd + ", " + an + ", " + ns + ", " + ar
                    + ") promise more than the " + (limit - pos) + " bytes after the header", 4);
        }
        List<DnsQuestion> questions = new ArrayList<>(qd);
        for (int i = 0; i < qd; i++) {
            String name = name();
            need(4, "question cut short");
            questions.add(new DnsQuestion(name, u16(), u16()));
        }
        return new DnsMessage(id, flags, questions, records(an), records(ns), records(ar));
    }

    private List<DnsRecord> records(int count) {
        List<DnsRecord> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(record());
        }
        return list;
    }

    private DnsRecord record() {
        int start = pos;
        String name = name();
        need(10, "record header cut short");
        int type = u16();
        int dnsClass = u16();
        long ttl = u32();
        if (ttl > Integer.MAX_VALUE) {
            ttl = 0; // RFC 2181 §8
        }
        int length = u16();
        int dataStart = pos;
        need(length, "record data of " + name + " runs past the end of the message");
        int end = dataStart + length;
        DnsRecord r;
        if (dnsClass != DnsQuestion.IN) {
            r = new DnsRecord.Other(name, type, dnsClass, ttl, bytes(length));
        } else if (type == DnsRecordType.A.code()) {
            exactLength(length, 4, name, "A", dataStart);
            r = new DnsRecord.A(name, dnsClass, ttl, (Inet4Address) address(bytes(4)));
        } else if (type == DnsRecordType.AAAA.code()) {
            exactLength(length, 16, name, "AAAA", dataStart);
            r = new DnsRecord.Aaaa(name, dnsClass, ttl, inet6(bytes(16)));
        } else if (type == DnsRecordType.CNAME.code()) {
            r = new DnsRecord.Cname(name, dnsClass, ttl, nameWithin(end));
        } else if (type == DnsRecordType.SOA.code()) {
            String mname = nameWithin(end);
            String rname = nameWithin(end);
            if (end - pos != 20) {
                throw new DnsFormatException("SOA record of " + name + " has " + (end - pos)
                        + " bytes after its names, expected 20", pos);
            }
            r = new DnsRecord.Soa(name, dnsClass, ttl, mname, rname, u32(), u32(), u32(), u32(), u32());
        } else {
            r = new DnsRecord.Other(name, type, dnsClass, ttl, bytes(length));
        }
        if (pos != end) {
            throw new DnsFormatException("record data of " + name + " (from byte " + start + ") has "
                    + (end - pos) + " bytes left over", pos);
        }
        return r;
    }

    private void exactLength(int length, int expected, String name, String type, int at) {
        if (length != expected) {
            throw new DnsFormatException(type + " record of " + name + " has " + length + " bytes of data, expected "
                    + expected, at);
        }
    }

    private String nameWithin(int end) {
        String n = name();
        if (pos > end) {
            throw new DnsFormatException("name runs past the end of its record data", end);
        }
        return n;
    }

    /**
     * Reads a possibly compressed name at {@code pos} and leaves {@code pos} after it. Each pointer must point
     * before the start of the label sequence that contains it, so every jump goes strictly backwards and the
     * walk ends.
     */
    private String name() {
        StringBuilder text = new StringBuilder();
        int p = pos;
        int sequenceStart = p;
        int resume = -1;
        int octets = 1; // the root's zero octet
        int hops = 0;
        while (true) {
            if (p >= limit) {
                throw new DnsFormatException("name runs past the end of the message", p);
            }
            int b = in.get(p) & 0xFF;
            if (b == 0) {
                p++;
                break;
            }
            switch (b & 0xC0) {
                case 0xC0 -> {
                    if (p + 1 >= limit) {
                        throw new DnsFormatException("compression pointer cut short", p);
                    }
                    int target = (b & 0x3F) << 8 | (in.get(p + 1) & 0xFF);
                    if (target >= sequenceStart) {
                        throw new DnsFormatException("compression pointer to " + target
                                + " does not point backwards (a loop or a forward reference)", p);
                    }
                    if (++hops > MAX_POINTER_HOPS) {
                        throw new DnsFormatException("too many compression pointers in one name", p);
                    }
                    if (resume < 0) {
                        resume = p + 2;
                    }
                    p = target;
                    sequenceStart = target;
                }
                case 0x00 -> {
                    if (p + 1 + b > limit) {
                        throw new DnsFormatException("label runs past the end of the message", p);
                    }
                    octets += 1 + b;
                    if (octets > MAX_NAME_OCTETS) {
                        throw new DnsFormatException("name longer than 255 octets", p);
                    }
                    if (!text.isEmpty()) {
                        text.append('.');
                    }
                    appendLabel(text, p + 1, b);
                    p += 1 + b;
                }
                default -> throw new DnsFormatException("unsupported label type 0x"
                        + Integer.toHexString(b & 0xC0) + " (RFC 6891 §5 retired extended labels)", p);
            }
        }
        pos = resume >= 0 ? resume : p;
        return text.toString();
    }

    private void appendLabel(StringBuilder text, int from, int length) {
        for (int i = from; i < from + length; i++) {
            int c = in.get(i) & 0xFF;
            if (c > 0x20 && c < 0x7F && c != '.' && c != '\\') {
                text.append((char) c);
            } else {
                text.append('\\').append((char) ('0' + c / 100)).append((char) ('0' + c / 10 % 10))
                        .append((char) ('0' + c % 10));
            }
        }
    }

    private void need(int n, String what) {
        if (n > limit - pos) {
            throw new DnsFormatException(what, pos);
        }
    }

    private int u16() {
        int v = (in.get(pos) & 0xFF) << 8 | (in.get(pos + 1) & 0xFF);
        pos += 2;
        return v;
    }

    private long u32() {
        long v = in.getInt(pos) & 0xFFFF_FFFFL;
        pos += 4;
        return v;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        in.get(pos, b);
        pos += n;
        return b;
    }

    private static InetAddress address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are always an address", e);
        }
    }

    /** Keeps IPv4-mapped addresses as IPv6, which {@link InetAddress#getByAddress(byte[])} would not. */
    static Inet6Address inet6(byte[] raw) {
        try {
            return Inet6Address.getByAddress(null, raw, -1);
        } catch (UnknownHostException e) {
            throw new AssertionError("16 bytes are always an IPv6 address", e);
        }
    }
}
