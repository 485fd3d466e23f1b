package io.hayate.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DnsCodecTest {

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s+", ""));
    }

    /**
     * www.example.com A → CNAME web.example.com (target "web" + pointer to "example.com" in the question),
     * then A 93.184.216.34 whose owner is a pointer to the CNAME's target.
     */
    static final byte[] COMPRESSED_REPLY = hex("""
            1234 8180 0001 0002 0000 0000
            03 777777 07 6578616d706c65 03 636f6d 00  0001 0001
            c00c 0005 0001 00000e10 0006  03 776562 c010
            c02d 0001 0001 0000012c 0004  5db8d822
            """);

    @Test
    void encodes_a_query_byte_for_byte() {
        byte[] q = DnsCodec.encodeQuery(0x1234, new DnsQuestion("example.com", DnsRecordType.A), 0);
        assertThat(q).isEqualTo(hex("1234 0100 0001 0000 0000 0000 07 6578616d706c65 03 636f6d 00 0001 0001"));
    }

    @Test
    void encodes_an_edns_opt_record_when_a_payload_size_is_given() {
        byte[] q = DnsCodec.encodeQuery(0xBEEF, new DnsQuestion("a.test.", DnsRecordType.AAAA), 1232);
        assertThat(q).isEqualTo(hex("beef 0100 0001 0000 0000 0001 01 61 04 74657374 00 001c 0001"
                + " 00 0029 04d0 00000000 0000"));
        DnsMessage decoded = DnsCodec.decode(q);
        assertThat(decoded.additionals()).singleElement()
                .satisfies(r -> assertThat(r.type()).isEqualTo(41))
                .satisfies(r -> assertThat(r.dnsClass()).isEqualTo(1232));
    }

    @Test
    void decodes_compressed_names_in_owners_and_record_data() {
        DnsMessage m = DnsCodec.decode(COMPRESSED_REPLY);
        assertThat(m.id()).isEqualTo(0x1234);
        assertThat(m.isResponse()).isTrue();
        assertThat(m.isRecursionAvailable()).isTrue();
        assertThat(m.rcode()).isEqualTo(DnsMessage.NOERROR);
        assertThat(m.questions()).containsExactly(new DnsQuestion("www.example.com", DnsRecordType.A));
        assertThat(m.answers()).containsExactly(
                new DnsRecord.Cname("www.example.com", 1, 3600, "web.example.com"),
                new DnsRecord.A("web.example.com", 1, 300, (java.net.Inet4Address) IpLiteral.parse("93.184.216.34")));
    }

    @Test
    void reads_the_header_flags() {
        byte[] m = COMPRESSED_REPLY.clone();
        m[2] = (byte) 0x87; // QR, opcode 0, AA, TC, RD
        m[3] = (byte) 0x83; // RA, NXDOMAIN
        DnsMessage d = DnsCodec.decode(m);
        assertThat(d.isAuthoritative()).isTrue();
        assertThat(d.isTruncated()).isTrue();
        assertThat(d.isRecursionDesired()).isTrue();
        assertThat(d.rcode()).isEqualTo(DnsMessage.NXDOMAIN);
        assertThat(DnsMessage.rcodeName(d.rcode())).isEqualTo("NXDOMAIN");
        assertThat(DnsCodec.peekId(ByteBuffer.wrap(m))).isEqualTo(0x1234);
        assertThat(DnsCodec.peekFlags(ByteBuffer.wrap(m))).isEqualTo(0x8783);
    }

    @Test
    void decodes_from_the_buffer_position_without_moving_it() {
        ByteBuffer b = ByteBuffer.allocate(COMPRESSED_REPLY.length + 7);
        b.put(new byte[7]).put(COMPRESSED_REPLY).flip().position(7);
        assertThat(DnsCodec.decode(b).answers()).hasSize(2);
        assertThat(b.position()).isEqualTo(7);
    }

    @Test
    void round_trips_every_record_kind() throws Exception {
        Inet6Address mapped = DnsDecoder.inet6(hex("00000000000000000000ffff01020304"));
        DnsMessage m = new DnsMessage(7, 0x8580, List.of(new DnsQuestion("Mixed.Case.test", DnsRecordType.ANY)),
                List.of(new DnsRecord.A("a.test", 1, 60, (java.net.Inet4Address) IpLiteral.parse("10.0.0.1")),
                        new DnsRecord.Aaaa("a.test", 1, 60, (Inet6Address) IpLiteral.parse("fd00::1")),
                        new DnsRecord.Aaaa("m.test", 1, 60, mapped),
                        new DnsRecord.Cname("c.test", 1, 5, "a.test"),
                        new DnsRecord.Other("t.test", 16, 1, 9, hex("0568656c6c6f"))),
                List.of(new DnsRecord.Soa("test", 1, 30, "ns.test", "hostmaster.test", 1, 2, 3, 4, 5)),
                List.of(new DnsRecord.Other("", 41, 1232, 0, new byte[0])));
        DnsMessage back = DnsCodec.decode(DnsCodec.encode(m));
        assertThat(back).isEqualTo(m);
        assertThat(((DnsRecord.Aaaa) back.answers().get(2)).address()).isInstanceOf(Inet6Address.class);
    }

    @Test
    void escapes_label_octets_that_are_not_printable_and_reads_the_escapes_back() {
        DnsMessage m = DnsMessage.query(1, new DnsQuestion("a\\046b\\032c.test", DnsRecordType.A));
        byte[] wire = DnsCodec.encode(m);
        assertThat(wire).containsSubsequence(hex("05 612e622063 04 74657374 00"));
        assertThat(DnsCodec.decode(wire).questions().get(0).name()).isEqualTo("a\\046b\\032c.test");
    }

    @Test
    void a_ttl_with_the_top_bit_set_reads_as_zero() {
        byte[] m = hex("0001 8180 0000 0001 0000 0000  01 61 00 0001 0001 80000001 0004 0a000001");
        assertThat(DnsCodec.decode(m).answers().get(0).ttl()).isZero();
    }

    @Test
    void refuses_to_encode_names_dns_cannot_carry() {
        assertThatThrownBy(() -> DnsCodec.encodeQuery(1, new DnsQuestion("a..b", DnsRecordType.A), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty label");
        assertThatThrownBy(() -> DnsCodec.encodeQuery(1, new DnsQuestion("x".repeat(64) + ".test", DnsRecordType.A), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("63");
        String longName = String.join(".", java.util.Collections.nCopies(5, "y".repeat(60)));
        assertThatThrownBy(() -> DnsCodec.encodeQuery(1, new DnsQuestion(longName, DnsRecordType.A), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("255");
        assertThatThrownBy(() -> DnsCodec.encodeQuery(1, new DnsQuestion("a.test", DnsRecordType.A), 100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EDNS");
    }

    // ------------------------------------------------------------------------------ malformed input

    @Test
    void every_prefix_of_a_reply_is_a_format_error() {
        for (int n = 0; n < COMPRESSED_REPLY.length; n++) {
            byte[] prefix = java.util.Arrays.copyOf(COMPRESSED_REPLY, n);
            assertThatThrownBy(() -> DnsCodec.decode(prefix)).as("prefix of %d bytes", n)
                    .isInstanceOf(DnsFormatException.class);
        }
    }

    @Test
    void a_pointer_to_itself_is_a_loop() {
        assertFormatError("0001 8180 0001 0000 0000 0000  c00c 0001 0001", "does not point backwards");
    }

    @Test
    void a_forward_pointer_is_refused_so_two_names_cannot_point_at_each_other() {
        // The question's name is "a" then a pointer to the answer's owner (byte 20), which points back to 12.
        assertFormatError("0001 8180 0001 0001 0000 0000  01 61 c014 0001 0001  c00c 0001 0001 00000000 0004 0a000001",
                "does not point backwards");
    }

    @Test
    void a_pointer_into_its_own_labels_is_a_loop() {
        // "a" "b" then a pointer back to "a" of the same name.
        assertFormatError("0001 8180 0001 0000 0000 0000  01 61 01 62 c00c 0001 0001", "does not point backwards");
    }

    @Test
    void names_over_255_octets_are_refused() {
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            labels.append("3f").append("61".repeat(63));
        }
        assertFormatError("0001 8180 0001 0000 0000 0000" + labels + "00 0001 0001", "255");
    }

    @Test
    void extended_label_types_are_refused() {
        assertFormatError("0001 8180 0001 0000 0000 0000  41 61 00 0001 0001", "label type");
    }

    @Test
    void counts_that_promise_more_than_the_bytes_fail_before_anything_is_allocated() {
        assertFormatError("0001 8180 ffff ffff ffff ffff 00", "counts");
    }

    @Test
    void record_data_of_the_wrong_size_is_refused() {
        assertFormatError("0001 8180 0000 0001 0000 0000  01 61 00 0001 0001 00000001 0005 0a00000101", "expected 4");
        assertFormatError("0001 8180 0000 0001 0000 0000  01 61 00 001c 0001 00000001 0004 0a000001", "expected 16");
        assertFormatError("0001 8180 0000 0001 0000 0000  01 61 00 0001 0001 00000001 0009 0a000001", "past the end");
        // A CNAME whose RDLENGTH says 2 but whose name takes 3 bytes.
        assertFormatError("0001 8180 0000 0001 0000 0000  01 61 00 0005 0001 00000001 0002 01 62 00", "past the end");
        // An SOA with one number missing.
        assertFormatError("0001 8180 0000 0000 0001 0000  00 0006 0001 00000001 0012 00 00"
                + " 00000001 00000002 00000003 00000004", "expected 20");
    }

    @Test
    void random_and_mutated_bytes_only_ever_raise_format_errors() {
        Random random = new Random(20240601);
        for (int i = 0; i < 30_000; i++) {
            byte[] input;
            if (i % 3 == 0) {
                input = new byte[random.nextInt(80)];
                random.nextBytes(input);
            } else {
                input = COMPRESSED_REPLY.clone();
                int flips = 1 + random.nextInt(4);
                for (int f = 0; f < flips; f++) {
                    input[random.nextInt(input.length)] = (byte) random.nextInt(256);
                }
                if (random.nextBoolean()) {
                    input = java.util.Arrays.copyOf(input, random.nextInt(input.length + 8));
                }
            }
            try {
                DnsMessage m = DnsCodec.decode(input);
                assertThat(m.questions().size() + m.answers().size()).isLessThanOrEqualTo(input.length);
            } catch (DnsFormatException expected) {
                assertThat(expected.offset()).isBetween(-1, input.length);
            }
        }
    }

    private static void assertFormatError(String hexMessage, String messagePart) {
        assertThatThrownBy(() -> DnsCodec.decode(hex(hexMessage)))
                .isInstanceOf(DnsFormatException.class)
                .hasMessageContaining(messagePart);
    }
}
