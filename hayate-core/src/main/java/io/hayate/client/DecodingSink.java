package io.hayate.client;

import io.hayate.http.ResponseViolation;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Decompresses a body on its way to another sink, keeping that sink's backpressure: when it pauses in the middle
 * of a compressed piece, the rest of the piece is copied and decoded when reading resumes.
 *
 * <p><b>Threading.</b> Loop thread of the connection.
 */
final class DecodingSink implements BodySink {
    private final ContentDecoder decoder;
    private final BodySink inner;
    private final Exchange exchange;
    private ByteBuffer held; // compressed bytes not decoded yet because the inner sink paused

    DecodingSink(ContentDecoder decoder, BodySink inner, Exchange exchange) {
        this.decoder = decoder;
        this.inner = inner;
        this.exchange = exchange;
    }

    @Override
    public boolean onData(ByteBuffer data) throws IOException {
        return pump(data, true);
    }

    @Override
    public boolean onResume() throws IOException {
        if (!inner.onResume()) {
            return false;
        }
        ByteBuffer in = held;
        held = null;
        return in == null && !decoder.hasPendingOutput() || pump(in == null ? ByteBuffer.allocate(0) : in, false);
    }

    private boolean pump(ByteBuffer in, boolean borrowed) throws IOException {
        try {
            for (;;) {
                ByteBuffer out = decoder.step(in);
                if (!out.hasRemaining()) {
                    return true; // all input consumed, no output pending
                }
                if (!inner.onData(out)) {
                    if (in.hasRemaining() || decoder.hasPendingOutput()) {
                        ByteBuffer copy = in;
                        if (borrowed) { // the caller's buffer is reused after we return
                            copy = ByteBuffer.allocate(in.remaining()).put(in).flip();
                        }
                        decoder.rebase(copy);
                        held = copy;
                    }
                    return false;
                }
            }
        } catch (ContentDecoder.DecodingException e) {
            throw malformed(e);
        }
    }

    @Override
    public void onEnd() throws IOException {
        try {
            decoder.finish();
        } catch (ContentDecoder.DecodingException e) {
            decoder.release();
            throw malformed(e);
        }
        decoder.release();
        inner.onEnd();
    }

    @Override
    public void onError(Throwable failure) {
        decoder.release();
        inner.onError(failure);
    }

    private MalformedResponseException malformed(ContentDecoder.DecodingException e) {
        return new MalformedResponseException(exchange.describe() + ": " + e.getMessage(), ResponseViolation.BAD_CONTENT_ENCODING, e);
    }
}
