package io.hayate.dns;

import java.util.Arrays;
import java.util.List;

/** Writes {@link DnsMessage}s in wire form for {@link DnsCodec}, names uncompressed. Stateless. */
final class DnsEncoder {
    private static final int MAX_NAME_OCTETS = 255;
    private static final int MAX_LABEL = 63;

    private DnsEncoder() {}

    static byte[] encode(DnsMessage message) {
        Out out = new Out();
        out.u16(message.id());
        out.u16(message.flags());
        out.u16(count(message.questions().size()));
        out.u16(count(message.answers().size()));
        out.u16(count(message.authorities().size()));
        out.u16(count(message.additionals().size()));
        for (DnsQuestion q : message.questions()) {
            writeName(out, q.name());
            out.u16(q.type());
            out.u16(q.dnsClass());
        }
        for (List<DnsRecord> section : List.of(message.answers(), message.authorities(), message.additionals())) {
            for (DnsRecord r : section) {
                writeRecord(out, r);
            }
        }
        if (out.size > 65535) {
            throw new IllegalArgumentException("a DNS message is at most 65535 bytes, this one is " + out.size);
        }
        return Arrays.copyOf(out.bytes, out.size);
    }

    private static int count(int n) {
        if (n > 65535) {
            throw new IllegalArgumentException("a section holds at most 65535 entries, got " + n);
        }
        return n;
    }

    private static void writeRecord(Out out, DnsRecord r) {
        writeName(out, r.name());
        out.u16(r.type());
        out.u16(r.dnsClass());
        out.u32(r.ttl());
        int lengthAt = out.size;
        out.u16(0);
        switch (r) {
            case DnsRecord.A a -> out.bytes(a.address().getAddress());
            case DnsRecord.Aaaa a -> out.bytes(a.address().getAddress());
            case DnsRecord.Cname c -> writeName(out, c.target());
            case DnsRecord.Soa s -> {
                writeName(out, s.mname());
                writeName(out, s.rname());
                out.u32(s.serial());
                out.u32(s.refresh());
                out.u32(s.retry());
                out.u32(s.expire());
                out.u32(s.minimum());
            }
            case DnsRecord.Other o -> out.bytes(o.data());
        }
        int length = out.size - lengthAt - 2;
        if (length > 65535) {
            throw new IllegalArgumentException("record data is at most 65535 bytes, " + r.name() + " has " + length);
        }
        out.bytes[lengthAt] = (byte) (length >>> 8);
        out.bytes[lengthAt + 1] = (byte) length;
    }

    private static void writeName(Out out, String name) {
        String text = name.endsWith(".") && !name.endsWith("\\.") ? name.substring(0, name.length() - 1) : name;
        int start = out.size;
        if (!text.isEmpty()) {
            byte[] label = new byte[MAX_LABEL + 1];
            int i = 0;
            while (true) {
                int n = 0;
                while (i < text.length() && text.charAt(i) != '.') {
                    int octet;
                    char c = text.charAt(i++);
                    if (c == '\\') {
                        if (i < text.length() && isDigit(text.charAt(i))) {
                            if (i + 2 >= text.length() || !isDigit(text.charAt(i + 1)) || !isDigit(text.charAt(i + 2))) {
                                throw new IllegalArgumentException("bad \\DDD escape in name: " + name);
                            }
                            octet = Integer.parseInt(text, i, i + 3, 10);
                            i += 3;
                            if (octet > 255) {
                                throw new IllegalArgumentException("\\DDD escape over 255 in name: " + name);
                            }
                        } else if (i < text.length()) {
                            octet = text.charAt(i++);
                        } else {
                            throw new IllegalArgumentException("name ends with a lone backslash: " + name);
                        }
                    } else {
                        octet = c;
                    }
                    if (octet > 255) {
                        throw new IllegalArgumentException("name has a character outside ISO-8859-1 (convert it with "
                                + "java.net.IDN.toASCII first): " + name);
                    }
                    if (n == MAX_LABEL) {
                        throw new IllegalArgumentException("a label is at most 63 octets: " + name);
                    }
                    label[n++] = (byte) octet;
                }
                if (n == 0) {
                    throw new IllegalArgumentException("empty label in name: '" + name + "'");
                }
                out.u8(n);
                out.bytes(label, n);
                if (i == text.length()) {
                    break;
                }
                i++; // the dot
                if (i == text.length()) {
                    throw new IllegalArgumentException("empty label in name: '" + name + "'");
                }
            }
        }
        out.u8(0);
        if (out.size - start > MAX_NAME_OCTETS) {
            throw new IllegalArgumentException("a name is at most 255 octets on the wire: " + name);
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** A growable byte array for the encoder. */
    private static final class Out {
        byte[] bytes = new byte[128];
        int size;

        void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        void u8(int v) {
            ensure(1);
            bytes[size++] = (byte) v;
        }

        void u16(int v) {
            ensure(2);
            bytes[size++] = (byte) (v >>> 8);
            bytes[size++] = (byte) v;
        }

        void u32(long v) {
            if (v < 0 || v > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("value must fit 32 bits unsigned, got " + v);
            }
            ensure(4);
            bytes[size++] = (byte) (v >>> 24);
            bytes[size++] = (byte) (v >>> 16);
            bytes[size++] = (byte) (v >>> 8);
            bytes[size++] = (byte) v;
        }

        void bytes(byte[] b) {
            bytes(b, b.length);
        }

        void bytes(byte[] b, int n) {
            ensure(n);
            System.arraycopy(b, 0, bytes, size, n);
            size += n;
        }
    }
}
