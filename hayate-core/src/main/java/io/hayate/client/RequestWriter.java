package io.hayate.client;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import io.hayate.http.Headers;
import io.hayate.http.RequestEncoder;
import io.hayate.loop.Loop;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

/**
 * Writes one request on a connection: the head, then the body. Bytes go with the head in one gathering write; a
 * file is read on the loop in 64 KiB pieces while less than 256 KiB wait for the socket; a stream is pulled by a
 * virtual thread that may run at most 256 KiB ahead of the socket (credits returned as pieces are written).
 *
 * <p><b>Threading.</b> Loop thread, except the stream pump.
 */
final class RequestWriter {
    private static final int PIECE = 64 * 1024;
    private static final int AHEAD = 256 * 1024;
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(ISO_8859_1);

    private final ClientConnection connection;
    private final WriteQueue out;
    private final Loop loop;
    private final ClientRequest request;
    private final byte[] extraLines;
    private FileChannel file;
    private long fileLeft;
    private Semaphore credits;
    private volatile boolean aborted;
    private boolean written;

    RequestWriter(ClientConnection connection, WriteQueue out, Loop loop, ClientRequest request, byte[] extraLines) {
        this.connection = connection;
        this.out = out;
        this.loop = loop;
        this.request = request;
        this.extraLines = extraLines;
    }

    /** Writes the head and starts the body. */
    void start() throws IOException {
        RequestBody body = request.body();
        long framing = switch (body.kind) {
            case EMPTY -> needsLength(request.method()) ? 0 : RequestEncoder.NO_BODY;
            case BYTES -> body.length;
            case FILE -> {
                try {
                    file = FileChannel.open(body.file, StandardOpenOption.READ);
                    fileLeft = file.size();
                } catch (IOException e) {
                    throw new RequestBodyException(request + ": cannot read the request body file: " + e, e);
                }
                yield fileLeft;
            }
            case STREAM -> body.length >= 0 ? body.length : RequestEncoder.CHUNKED;
        };
        Headers headers = request.headersView();
        String host = request.origin.hostHeader();
        ByteBuffer head = ByteBuffer.allocate(RequestEncoder.headSize(request.method(), request.target, host, headers)
                + (extraLines == null ? 0 : extraLines.length));
        RequestEncoder.encodeHead(head, request.method(), request.target, host, headers, framing, extraLines);
        head.flip();
        switch (body.kind) {
            case EMPTY -> out.write(this::finished, head);
            case BYTES -> out.write(this::finished, head, body.bytes.duplicate());
            case FILE -> {
                out.write(null, head);
                pumpFile();
            }
            case STREAM -> {
                out.write(null, head);
                startPump(body, framing == RequestEncoder.CHUNKED);
            }
        }
    }

    /** RFC 9110 §8.6: a user agent sends Content-Length: 0 when a method that means a body has none. */
    private static boolean needsLength(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }

    /** The connection's write queue emptied: more of a file may go. */
    void drained() throws IOException {
        if (file != null && !written) {
            pumpFile();
        }
    }

    private void pumpFile() throws IOException {
        while (fileLeft > 0 && out.pending() < AHEAD && !aborted) {
            ByteBuffer piece = ByteBuffer.allocate((int) Math.min(PIECE, fileLeft));
            while (piece.hasRemaining()) {
                if (readFile(piece) < 0) {
                    throw new RequestBodyException(request + ": file " + request.body().file + " got shorter while it was sent", null);
                }
            }
            fileLeft -= piece.flip().remaining();
            out.write(fileLeft == 0 ? this::finished : null, piece);
        }
    }

    private void startPump(RequestBody body, boolean chunked) {
        credits = new Semaphore(AHEAD / PIECE);
        long length = body.length;
        Thread.ofVirtual().name("hayate-client-upload").start(() -> {
            long sent = 0;
            try (InputStream in = body.stream.get()) {
                byte[] buf = new byte[PIECE];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    if (n == 0) {
                        continue;
                    }
                    sent += n;
                    if (length >= 0 && sent > length) {
                        throw new IOException("the body stream is longer than its declared length " + length);
                    }
                    ByteBuffer piece = chunked ? chunk(buf, n) : ByteBuffer.wrap(java.util.Arrays.copyOf(buf, n));
                    if (!send(piece, false)) {
                        return;
                    }
                }
                if (length >= 0 && sent != length) {
                    throw new IOException("the body stream ended after " + sent + " of its declared " + length + " bytes");
                }
                send(ByteBuffer.wrap(chunked ? LAST_CHUNK : new byte[0]), true);
            } catch (Exception e) {
                if (!aborted) {
                    IOException io = new RequestBodyException(request + ": reading the request body stream failed: " + e.getMessage(), e);
                    onLoop(() -> connection.writerFailed(this, io));
                }
            }
        });
    }

    /** Pump thread: waits for a credit, then hands {@code piece} to the loop. Returns false when aborted. */
    private boolean send(ByteBuffer piece, boolean last) throws InterruptedException {
        credits.acquire();
        if (aborted) {
            return false;
        }
        return onLoop(() -> {
            if (aborted) {
                return;
            }
            try {
                out.write(last ? this::finished : credits::release, piece);
                connection.writeInterestIfPending();
            } catch (IOException e) {
                connection.writerFailed(this, e);
            }
        });
    }

    private boolean onLoop(Runnable task) {
        try {
            loop.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            aborted = true;
            return false;
        }
    }

    private int readFile(ByteBuffer piece) throws RequestBodyException {
        try {
            return file.read(piece);
        } catch (IOException e) {
            throw new RequestBodyException(request + ": cannot read the request body file: " + e, e);
        }
    }

    private static ByteBuffer chunk(byte[] data, int n) {
        String size = Integer.toHexString(n);
        ByteBuffer b = ByteBuffer.allocate(size.length() + 2 + n + 2);
        for (int i = 0; i < size.length(); i++) {
            b.put((byte) size.charAt(i));
        }
        return b.put((byte) '\r').put((byte) '\n').put(data, 0, n).put((byte) '\r').put((byte) '\n').flip();
    }

    private void finished() {
        if (written || aborted) {
            return;
        }
        written = true;
        closeFile();
        connection.requestWritten(this);
    }

    /** The request is abandoned: stop reading its body. Loop thread. */
    void abort() {
        aborted = true;
        closeFile();
        if (credits != null) {
            credits.release(AHEAD / PIECE); // a pump waiting for credit wakes, sees the abort, stops
        }
    }

    private void closeFile() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException ignored) {
                // read-only
            }
            file = null;
        }
    }
}
