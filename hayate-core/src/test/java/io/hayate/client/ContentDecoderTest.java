package io.hayate.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The incremental decoder gives the same bytes however the input is split, and checks what it decodes. */
class ContentDecoderTest {

    private static byte[] decode(String encoding, byte[] input, int... cuts) {
        ContentDecoder d = ContentDecoder.forEncoding(encoding);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int from = 0;
        for (int k = 0; k <= cuts.length; k++) {
            int to = k < cuts.length ? cuts[k] : input.length;
            ByteBuffer in = ByteBuffer.wrap(input, from, to - from);
            for (ByteBuffer b; (b = d.step(in)).hasRemaining(); ) {
                out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
            }
            assertThat(in.hasRemaining()).isFalse();
            from = to;
        }
        d.finish();
        d.release();
        return out.toByteArray();
    }

    private static byte[] gzipWithName(String text) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(b)) {
            out.write(text.getBytes(UTF_8));
        }
        byte[] plain = b.toByteArray();
        // set FNAME and FCOMMENT: the header grows by two zero-terminated strings
        ByteArrayOutputStream withName = new ByteArrayOutputStream();
        withName.write(plain, 0, 3);
        withName.write(plain[3] | 8 | 16);
        withName.write(plain, 4, 6);
        withName.writeBytes("file.txt\0a comment\0".getBytes(UTF_8));
        withName.write(plain, 10, plain.length - 10);
        return withName.toByteArray();
    }

    @Test
    void gzip_with_optional_header_fields_split_anywhere() throws Exception {
        byte[] gz = gzipWithName("hello, split world");
        for (int i = 1; i < gz.length; i++) {
            assertThat(new String(decode("gzip", gz, i), UTF_8)).as("split at " + i).isEqualTo("hello, split world");
        }
        int[] everyByte = java.util.stream.IntStream.range(1, gz.length).toArray();
        assertThat(new String(decode("x-gzip", gz, everyByte), UTF_8)).isEqualTo("hello, split world");
    }

    @Test
    void concatenated_gzip_members_are_one_body() throws Exception {
        byte[] a = HttpClientDecompressionTest.gzip("first ".getBytes(UTF_8));
        byte[] b = HttpClientDecompressionTest.gzip("second".getBytes(UTF_8));
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        assertThat(new String(decode("gzip", both), UTF_8)).isEqualTo("first second");
    }

    @Test
    void bad_data_is_reported() throws Exception {
        assertThatThrownBy(() -> decode("gzip", "not gzip at all".getBytes(UTF_8)))
                .isInstanceOf(ContentDecoder.DecodingException.class).hasMessageContaining("bad magic number");
        byte[] gz = HttpClientDecompressionTest.gzip("checked".getBytes(UTF_8));
        gz[gz.length - 8] ^= 1; // the CRC
        assertThatThrownBy(() -> decode("gzip", gz)).hasMessageContaining("CRC or length");
        byte[] ok = HttpClientDecompressionTest.gzip("tail".getBytes(UTF_8));
        byte[] trailing = java.util.Arrays.copyOf(ok, ok.length + 3);
        assertThatThrownBy(() -> decode("gzip", trailing)).hasMessageContaining("bytes after the end");
        assertThat(ContentDecoder.forEncoding("br")).isNull();
        assertThat(ContentDecoder.forEncoding("identity")).isNull();
    }
}
