package io.hayate.server;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.hayate.http.BadMessageException;
import io.hayate.http.HeaderNames;
import io.hayate.http.Headers;
import io.hayate.http.RequestHead;
import io.hayate.http.ResponseEncoder;
import io.hayate.http.ResponseEncoder.ConnectionHeader;
import io.hayate.http.UriCodec;
import io.hayate.loop.Loop;
import io.hayate.loop.Timer;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * One request and its response: the {@link Context} a handler sees, and what the connection sends when the
 * handler is done. The same class serves every {@link Mode}.
 */
final class Exchange implements Context, Runnable {
    private static final System.Logger LOG = System.getLogger("io.hayate.server");
    private static final byte[] EMPTY = new byte[0];
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String HTML = "text/html; charset=utf-8";
    private static final String OCTETS = "application/octet-stream";
    /** Bodies up to this size travel in the same buffer as the head: one write, one syscall. */
    private static final int INLINE_BODY = 16 * 1024;

    final HttpServer server;
    final Responder responder;
    final RequestHead head;
    private final byte[] requestBody;
    private String path;
    private Router.Match match;

    private Map<String, List<String>> queryParams;
    private Map<String, List<String>> formParams;

    private int status = 200;
    private String contentType;
    private Headers responseHeaders;
    private byte[] responseBody;
    private Path responseFile;
    private long fileLength;
    private Body streamBody;
    private boolean sent;
    private boolean slotReleased;
    /** Set when the request itself was malformed: like every {@code Violation} answer, it closes the connection. */
    private boolean closeAfter;

    Exchange(HttpServer server, Responder responder, RequestHead head, byte[] body) {
        this.server = server;
        this.responder = responder;
        this.head = head;
        this.requestBody = body == null ? EMPTY : body;
    }

    /**
     * Decodes the path and finds the route. Returns false when the exchange was answered already (bad path,
     * 404, 405, OPTIONS) and needs no handler.
     */
    boolean route(Router router) {
        try {
            path = UriCodec.decodePath(head.rawPath());
        } catch (BadMessageException e) {
            server.countProtocolError();
            closeAfter = true;
            sendError(e.status(), e.getMessage());
            return false;
        }
        match = router.match(head.method(), path);
        if (match.handler() != null) {
            return true;
        }
        if (match.allow() != null) {
            header(HeaderNames.ALLOW, match.allow());
        }
        if (match.status() == 204) {
            status(204);
            send();
        } else {
            sendError(match.status(), null);
        }
        return false;
    }

    /** Runs the handler on the calling thread; the dispatcher chose the thread. */
    @Override
    public void run() {
        Object result;
        try {
            result = match.handler().handle(this);
        } catch (Throwable t) {
            fail(t);
            return;
        }
        complete(result);
    }

    private void complete(Object result) {
        if (result instanceof CompletionStage<?> stage) {
            stage.whenComplete((value, error) -> {
                if (error != null) {
                    fail(error);
                } else {
                    complete(value);
                }
            });
            return;
        }
        try {
            apply(result);
        } catch (Throwable t) {
            fail(t);
            return;
        }
        send();
    }

    private void apply(Object result) {
        if (result == null || result == this) {
            return;
        }
        if (result instanceof String s) {
            text(s);
        } else if (result instanceof byte[] b) {
            bytes(b);
        } else if (result instanceof Path p) {
            file(p);
        } else if (result instanceof Body b) {
            streamBody = b;
            responseBody = null;
            responseFile = null;
            if (b instanceof SseBody) {
                if (contentType == null) {
                    contentType = "text/event-stream";
                }
                if (responseHeaders == null || !responseHeaders.contains("Cache-Control")) {
                    responseHeaders().set("Cache-Control", "no-cache");
                }
            }
        } else {
            throw new IllegalStateException("a handler returned a " + result.getClass().getName()
                    + "; return a String, byte[], Path, Body, CompletionStage, the Context or null");
        }
    }

    private void fail(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof HttpError e) {
            sendError(e.status(), e.getMessage());
        } else if (t instanceof BadMessageException e) {
            sendError(e.status(), e.getMessage());
        } else {
            server.countHandlerError();
            StackTraceElement[] frames = t.getStackTrace();
            LOG.log(Level.WARNING, head.method() + " " + head.target() + " failed: " + t
                    + (frames.length > 0 ? " at " + frames[0] : ""));
            LOG.log(Level.DEBUG, "handler failure", t);
            sendError(500, null);
        }
    }

    /** Replaces whatever was set with a plain-text error answer and sends it. */
    void sendError(int code, String message) {
        status = code;
        responseFile = null;
        streamBody = null;
        contentType = TEXT;
        String reason = io.hayate.http.Status.reason(code);
        responseBody = (code + " " + reason + (message == null || message.equals(reason) ? "" : ": " + message) + "\n").getBytes(UTF_8);
        send();
    }

    private void send() {
        if (sent) {
            throw new IllegalStateException("the response of " + head.method() + " " + head.target() + " was sent already");
        }
        sent = true;
        if (streamBody != null) {
            responder.stream(this, streamBody); // releases the slot when the handler's part is done
            return;
        }
        releaseSlot();
        responder.send(this);
    }

    /** The handler's work is done: its in-flight slot goes to the next request. Idempotent. */
    void releaseSlot() {
        if (!slotReleased) {
            slotReleased = true;
            if (match != null && match.handler() != null) {
                server.handlerDone(); // only exchanges with a handler went through the dispatcher
            }
        }
    }

    /** Whether there is a body to send at all (not for HEAD, 1xx, 204, 304). */
    boolean hasBody() {
        return !(status < 200 || status == 204 || status == 304 || head.method().equals("HEAD"));
    }

    /** The head of a streamed response with {@code framing}: a length, {@code CHUNKED} or {@code NO_BODY} (ended by closing). */
    ByteBuffer encodeStreamHead(ConnectionHeader connection, long framing) {
        String type = contentType != null ? contentType : TEXT;
        ByteBuffer out = ByteBuffer.allocate(ResponseEncoder.headSize(status, type, responseHeaders));
        ResponseEncoder.encodeHead(out, status, type, responseHeaders, framing, connection);
        return out.flip();
    }

    /**
     * The length a handler announced for its streamed body with {@code ctx.header("Content-Length", n)}, or -1:
     * then the body goes with that fixed length instead of chunked.
     */
    long streamLength() {
        String v = responseHeaders == null ? null : responseHeaders.get(HeaderNames.CONTENT_LENGTH);
        if (v == null || v.isEmpty() || v.length() > 18 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Long.parseLong(v);
    }

    /**
     * What the head of a streamed response announces: the handler's Content-Length, else chunked (HTTP/1.1), else no
     * length at all (HTTP/1.0: the body ends with the connection).
     */
    long streamHeadLength() {
        long length = streamLength();
        return length >= 0 ? length : head.minorVersion() == 1 ? ResponseEncoder.CHUNKED : ResponseEncoder.NO_BODY;
    }

    /** Whether the response lets the connection carry another request. */
    boolean keepAlive() {
        return head.keepAlive() && !closeAfter;
    }

    /**
     * Encodes head and body into {@code dst} when both fit and there is no file; returns false (writing nothing)
     * otherwise.
     */
    boolean encodeInto(ByteBuffer dst, ConnectionHeader connection) {
        if (responseFile != null) {
            return false;
        }
        boolean noBody = status < 200 || status == 204 || status == 304;
        boolean headOnly = noBody || head.method().equals("HEAD");
        byte[] body = responseBody == null ? EMPTY : responseBody;
        String type = noBody ? null : contentType != null ? contentType : (body.length > 0 ? OCTETS : null);
        int size = ResponseEncoder.headSize(status, type, responseHeaders) + (headOnly ? 0 : body.length);
        if (size > dst.remaining()) {
            return false;
        }
        ResponseEncoder.encodeHead(dst, status, type, responseHeaders, noBody ? ResponseEncoder.NO_BODY : body.length, connection);
        if (!headOnly) {
            dst.put(body);
        }
        return true;
    }

    /** The response as buffers to write: head (with a small body) and maybe the body. The file is {@link #file()}. */
    ByteBuffer[] encode(ConnectionHeader connection) {
        boolean noBody = status < 200 || status == 204 || status == 304;
        boolean headOnly = noBody || head.method().equals("HEAD");
        long length;
        byte[] body = responseBody == null ? EMPTY : responseBody;
        if (noBody) {
            length = ResponseEncoder.NO_BODY;
        } else if (responseFile != null) {
            length = fileLength;
        } else {
            length = body.length;
        }
        String type = noBody ? null : contentType != null ? contentType : (responseFile != null || body.length > 0 ? OCTETS : null);
        int size = ResponseEncoder.headSize(status, type, responseHeaders);
        boolean inline = !headOnly && responseFile == null && body.length <= INLINE_BODY;
        ByteBuffer out = ByteBuffer.allocate(size + (inline ? body.length : 0));
        ResponseEncoder.encodeHead(out, status, type, responseHeaders, length, connection);
        if (inline) {
            out.put(body);
        }
        out.flip();
        if (headOnly || inline || responseFile != null) {
            return new ByteBuffer[] {out};
        }
        return new ByteBuffer[] {out, ByteBuffer.wrap(body)};
    }

    /** The file to send after the head, opened, or {@code null}; HEAD requests get none. */
    FileRegion openFile() throws IOException {
        if (responseFile == null || head.method().equals("HEAD")) {
            return null;
        }
        return new FileRegion(FileChannel.open(responseFile, StandardOpenOption.READ), fileLength);
    }

    // ------------------------------------------------------------------ Context: request

    @Override
    public String method() {
        return head.method();
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String target() {
        return head.target();
    }

    @Override
    public String protocol() {
        return head.version();
    }

    @Override
    public String queryString() {
        return head.rawQuery();
    }

    @Override
    public String queryParam(String name) {
        List<String> v = queryParams().get(name);
        return v == null ? null : v.get(0);
    }

    @Override
    public Map<String, List<String>> queryParams() {
        if (queryParams == null) {
            queryParams = UriCodec.parseParams(head.rawQuery());
        }
        return queryParams;
    }

    @Override
    public String pathParam(String name) {
        return match.params().get(name);
    }

    @Override
    public Map<String, String> pathParams() {
        return match.params();
    }

    @Override
    public String header(String name) {
        return head.headers().get(name);
    }

    @Override
    public Headers headers() {
        return head.headers();
    }

    @Override
    public byte[] body() {
        return requestBody;
    }

    @Override
    public String bodyAsString() {
        return new String(requestBody, requestCharset());
    }

    private Charset requestCharset() {
        String type = head.headers().get(HeaderNames.CONTENT_TYPE);
        if (type != null) {
            int i = type.toLowerCase(Locale.ROOT).indexOf("charset=");
            if (i >= 0) {
                String name = type.substring(i + 8).split(";")[0].strip().replace("\"", "");
                try {
                    return Charset.forName(name);
                } catch (RuntimeException e) {
                    throw new HttpError(415, "unknown charset '" + name + "'");
                }
            }
        }
        return UTF_8;
    }

    @Override
    public String formParam(String name) {
        List<String> v = formParams().get(name);
        return v == null ? null : v.get(0);
    }

    @Override
    public Map<String, List<String>> formParams() {
        if (formParams == null) {
            String type = head.headers().get(HeaderNames.CONTENT_TYPE);
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                formParams = Map.of();
            } else {
                formParams = UriCodec.parseParams(new String(requestBody, requestCharset()));
            }
        }
        return formParams;
    }

    @Override
    public SocketAddress remoteAddress() {
        return responder.remoteAddress();
    }

    // ------------------------------------------------------------------ Context: response

    @Override
    public Context status(int code) {
        io.hayate.http.Status.checkCode(code);
        this.status = code;
        return this;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public Context header(String name, String value) {
        if (name.equalsIgnoreCase(HeaderNames.CONTENT_TYPE)) {
            return contentType(value);
        }
        responseHeaders().set(name, value);
        return this;
    }

    @Override
    public Context addHeader(String name, String value) {
        if (name.equalsIgnoreCase(HeaderNames.CONTENT_TYPE)) {
            return contentType(value);
        }
        responseHeaders().add(name, value);
        return this;
    }

    private Headers responseHeaders() {
        if (responseHeaders == null) {
            responseHeaders = new Headers();
        }
        return responseHeaders;
    }

    @Override
    public Context contentType(String type) {
        new Headers().set(HeaderNames.CONTENT_TYPE, type); // validates
        this.contentType = type;
        return this;
    }

    @Override
    public Context text(String text) {
        if (contentType == null) {
            contentType = TEXT;
        }
        responseBody = text.getBytes(UTF_8);
        responseFile = null;
        return this;
    }

    @Override
    public Context html(String html) {
        contentType = HTML;
        responseBody = html.getBytes(UTF_8);
        responseFile = null;
        return this;
    }

    @Override
    public Context bytes(byte[] bytes) {
        if (contentType == null) {
            contentType = OCTETS;
        }
        responseBody = bytes;
        responseFile = null;
        return this;
    }

    @Override
    public Context file(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new HttpError(404, "no such file");
        }
        try {
            fileLength = Files.size(file);
        } catch (IOException e) {
            throw new HttpError(404, "no such file");
        }
        if (contentType == null) {
            contentType = MediaTypes.guess(file.getFileName().toString());
        }
        responseFile = file;
        responseBody = null;
        return this;
    }

    // ------------------------------------------------------------------ Context: time

    @Override
    public Timer later(Duration delay, Runnable task) {
        return responder.loop().schedule(delay, task);
    }

    @Override
    public CompletionStage<Void> delay(Duration delay) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        responder.loop().schedule(delay, () -> f.complete(null));
        return f;
    }

    @Override
    public Loop loop() {
        return responder.loop();
    }

    @Override
    public Mode mode() {
        return server.config().mode();
    }

    @Override
    public String toString() {
        return head.method() + " " + head.target() + " -> " + status;
    }
}
