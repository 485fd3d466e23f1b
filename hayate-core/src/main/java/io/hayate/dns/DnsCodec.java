package io.hayate.dns;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Encodes and decodes DNS messages (RFC 1035 §4), bytes in and records out: no sockets, no threads, no clock.
 *
 * <p><b>Decoding</b> reads names with compression pointers (§4.1.4) and checks every length against the bytes that
 * are there. Whatever the input, {@link #decode} returns a message or throws {@link DnsFormatException}; it never
 * throws an {@code IndexOutOfBoundsException} and never allocates more than the input justifies.
 *
 * <p><b>Limits</b> (all from RFC 1035 §2.3.4):
 * <table>
 *   <caption>Decoder limits</caption>
 *   <tr><th>What</th><th>Limit</th><th>Why</th></tr>
 *   <tr><td>label</td><td>63 octets</td><td>the top two bits of a length octet mark pointers</td></tr>
 *   <tr><td>name</td><td>255 octets on the wire</td><td>bounds work and memory per name</td></tr>
 *   <tr><td>compression pointer</td><td>must point before the label sequence it is in</td>
 *       <td>so a crafted message cannot loop the decoder</td></tr>
 *   <tr><td>pointer hops per name</td><td>127</td><td>255 octets of name cannot need more</td></tr>
 * </table>
 *
 * <p><b>Names</b> are text without a trailing dot, the root being {@code ""}. Label octets that are not printable
 * ASCII, and {@code .} or {@code \} inside a label, are written {@code \DDD} (RFC 4343 §2.1), and {@link #encode}
 * reads that form back. Encoding never compresses.
 *
 * <p><b>Threading.</b> Stateless; safe from any thread.
 */
public final class DnsCodec {
    /** The UDP payload a message may use when the query advertised no EDNS size (RFC 1035 §4.2.1). */
    public static final int CLASSIC_UDP_SIZE = 512;

    private DnsCodec() {}

    // ---------------------------------------------------------------------------------------------- encoding

    /**
     * A standard query for {@code question} with recursion desired. With {@code ednsPayloadSize} &gt; 0 an OPT
     * record (RFC 6891) advertises that many bytes of UDP payload; with 0 there is none and the server must
     * truncate answers over 512 bytes.
     */
    public static byte[] encodeQuery(int id, DnsQuestion question, int ednsPayloadSize) {
        if (ednsPayloadSize != 0 && (ednsPayloadSize < CLASSIC_UDP_SIZE || ednsPayloadSize > 65535)) {
            throw new IllegalArgumentException("EDNS payload size must be 0 (no EDNS) or 512..65535, got " + ednsPayloadSize);
        }
        List<DnsRecord> additionals = ednsPayloadSize == 0 ? List.of()
                : List.of(new DnsRecord.Other("", DnsRecordType.OPT.code(), ednsPayloadSize, 0, new byte[0]));
        return encode(new DnsMessage(id, DnsMessage.RD, List.of(question), List.of(), List.of(), additionals));
    }

    /**
     * The wire form of {@code message}, names uncompressed.
     *
     * @throws IllegalArgumentException when a name has an empty label, a label over 63 octets or is over 255
     *                                  octets, or the message would exceed 65535 bytes
     */
    public static byte[] encode(DnsMessage message) {
        return DnsEncoder.encode(message);
    }

    // ---------------------------------------------------------------------------------------------- decoding

    /** Decodes a whole message. */
    public static DnsMessage decode(byte[] message) {
        return decode(ByteBuffer.wrap(message));
    }

    /**
     * Decodes the message in {@code buffer}'s remaining bytes; the buffer's position is not moved. Bytes after the
     * last record are ignored.
     *
     * @throws DnsFormatException when the bytes are not a well-formed message
     */
    public static DnsMessage decode(ByteBuffer buffer) {
        return new DnsDecoder(buffer.slice()).message();
    }

    /** Reads the 16-bit id of a message that may be malformed after it, or -1 when there are fewer than 2 bytes. */
    public static int peekId(ByteBuffer buffer) {
        int p = buffer.position();
        return buffer.remaining() < 2 ? -1 : (buffer.get(p) & 0xFF) << 8 | (buffer.get(p + 1) & 0xFF);
    }

    /** Reads the flags word of a message that may be malformed after its header, or -1 when it is shorter. */
    public static int peekFlags(ByteBuffer buffer) {
        int p = buffer.position();
        return buffer.remaining() < 4 ? -1 : (buffer.get(p + 2) & 0xFF) << 8 | (buffer.get(p + 3) & 0xFF);
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /** Whether two names are equal, ignoring ASCII case only (RFC 4343) and a trailing dot. */
    public static boolean sameName(String a, String b) {
        int la = a.endsWith(".") ? a.length() - 1 : a.length();
        int lb = b.endsWith(".") ? b.length() - 1 : b.length();
        if (la != lb) {
            return false;
        }
        for (int i = 0; i < la; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y && asciiLower(x) != asciiLower(y)) {
                return false;
            }
        }
        return true;
    }

    static char asciiLower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    /** {@code name} in ASCII lower case without a trailing dot: the form caches and maps key on. */
    static String canonical(String name) {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] chars = n.toCharArray();
                for (int j = i; j < chars.length; j++) {
                    chars[j] = asciiLower(chars[j]);
                }
                return new String(chars);
            }
        }
        return n;
    }

    static void checkU16(int value, String what) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(what + " must fit 16 bits (0..65535), got " + value);
        }
    }
}
