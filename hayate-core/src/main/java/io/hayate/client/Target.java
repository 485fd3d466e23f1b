package io.hayate.client;

import io.hayate.http.ResponseHead;
import io.hayate.http.ResponseViolation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * What becomes of the final response of an exchange, and the future that reports it: the body in memory
 * ({@link #bytes}), in a file ({@link #file}), or streamed to the caller ({@link #stream}). Redirects and
 * {@code Retry-After} answers never reach a target.
 *
 * <p><b>Threading.</b> Loop thread of the exchange.
 */
abstract class Target<T> {
    final CompletableFuture<T> future = new CompletableFuture<>();

    /** The head of the final response arrived: returns the sink for its body (the exchange adds decoding). */
    abstract BodySink open(Exchange exchange, ResponseHead head) throws IOException;

    /** Whether the request timeout ends at the head (a stream) rather than with the body. */
    boolean endsAtHead() {
        return false;
    }

    /** The exchange failed before a sink was opened. */
    void fail(Throwable failure) {
        future.completeExceptionally(failure);
    }

    static Target<ClientResponse> bytes(long limit) {
        return new Target<>() {
            @Override
            BodySink open(Exchange exchange, ResponseHead head) {
                return new Collector(this, exchange, head, limit);
            }
        };
    }

    static Target<ClientResponse> file(Path path) {
        return new Target<>() {
            @Override
            BodySink open(Exchange exchange, ResponseHead head) throws IOException {
                FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE);
                Target<ClientResponse> self = this;
                return new BodySink() {
                    @Override
                    public boolean onData(ByteBuffer data) throws IOException {
                        while (data.hasRemaining()) {
                            ch.write(data); // a local file: short waits, as the server's transferTo from the loop
                        }
                        return true;
                    }

                    @Override
                    public void onEnd() throws IOException {
                        ch.close();
                        self.future.complete(exchange.response(head, new byte[0], path));
                    }

                    @Override
                    public void onError(Throwable failure) {
                        try {
                            ch.close();
                        } catch (IOException ignored) {
                            // failing anyway
                        }
                        self.future.completeExceptionally(failure);
                    }
                };
            }
        };
    }

    static Target<StreamingResponse> stream(int highWater) {
        return new Target<>() {
            @Override
            BodySink open(Exchange exchange, ResponseHead head) {
                StreamBody body = new StreamBody(exchange, head, highWater);
                future.complete(body);
                return body;
            }

            @Override
            boolean endsAtHead() {
                return true;
            }
        };
    }

    /** Collects a body in one array, growing with what arrives (up to the Content-Length when there is one). */
    private static final class Collector implements BodySink {
        private final Target<ClientResponse> target;
        private final Exchange exchange;
        private final ResponseHead head;
        private final long limit;
        private byte[] buf;
        private int size;

        Collector(Target<ClientResponse> target, Exchange exchange, ResponseHead head, long limit) {
            this.target = target;
            this.exchange = exchange;
            this.head = head;
            this.limit = Math.min(limit, Integer.MAX_VALUE - 16); // one array holds it
            long cl = head.contentLength();
            this.buf = new byte[(int) Math.max(0, Math.min(cl > 0 ? cl : 1024, Math.min(limit, 1 << 20)))];
        }

        @Override
        public boolean onData(ByteBuffer data) throws IOException {
            int n = data.remaining();
            if (n > limit - size) {
                throw new MalformedResponseException(exchange.describe() + ": response body over " + limit
                        + " bytes (maxResponseBody); use stream() or download() for large bodies", ResponseViolation.BODY_TOO_LARGE, null);
            }
            if (size + n > buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(limit, Math.max(size + n, 2L * buf.length)));
            }
            data.get(buf, size, n);
            size += n;
            return true;
        }

        @Override
        public void onEnd() {
            target.future.complete(exchange.response(head, size == buf.length ? buf : Arrays.copyOf(buf, size), null));
        }

        @Override
        public void onError(Throwable failure) {
            target.future.completeExceptionally(failure);
        }
    }
}
