package io.hayate.client;

import io.hayate.http.Headers;
import io.hayate.http.ResponseHead;
import io.hayate.loop.Loop;
import io.hayate.loop.Timer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One request from the caller's point of view, through everything that may happen on the way: waiting for permits
 * ({@link HttpClient#limit}) and the rate limit, waiting for a connection, re-sending after a failure or a
 * {@code Retry-After}, following redirects; until the final response reaches its {@link Target}.
 *
 * <p>The order: permits, then the deadline starts, then the rate limit, then a pooled connection. A failure before
 * any response byte re-sends an idempotent request (a stale pooled connection at once, other failures after a
 * backoff); a redirect or {@code Retry-After} answer's body is read and dropped so its connection can be reused
 * (more than 1 MiB of it and the connection is closed instead).
 *
 * <p><b>Threading.</b> Everything after admission runs on the loop of the current origin's pool; moving to another
 * origin (a redirect) moves the exchange to that pool's loop with a task, which orders the two.
 */
final class Exchange {
    private static final long MAX_DISCARD = 1 << 20;

    private final LoopHttpClient client;
    private final Target<?> target;
    private final Limiter[] limiters;
    private ClientRequest request;
    private volatile Loop loop;
    private OriginPool pool;
    private RateLimiter rate;
    private ClientConnection connection;
    private BodySink sink;
    private Runnable afterDiscard;
    private long discarded;
    private Timer deadline;
    private Timer wait;
    private long timeoutNanos;
    private long deadlineAt;
    private int retries;
    private int redirects;
    private boolean staleRetried;
    private volatile boolean done;
    private boolean admitted;

    Exchange(LoopHttpClient client, ClientRequest request, Target<?> target, Limiter[] limiters) {
        this.client = client;
        this.request = request;
        this.target = target;
        this.limiters = limiters;
        this.pool = client.pool(request.origin);
        this.loop = pool.loop;
    }

    // ---------------------------------------------------------------- admission

    /** Starts the exchange from any thread. */
    void start() {
        client.track(this);
        acquirePermit(0);
    }

    private void acquirePermit(int i) {
        if (i < limiters.length) {
            limiters[i].acquire(() -> acquirePermit(i + 1));
            return;
        }
        try { // always through the queue: a release that admits the next waiter must not recurse into it
            loop.execute(this::begin);
        } catch (RejectedExecutionException e) {
            ForkJoinPool.commonPool().execute(() -> {
                admitted = true;
                target.fail(new ClientException(describe() + ": the client was closed"));
                releasePermits();
            });
        }
    }

    private void begin() {
        admitted = true;
        if (done) { // cancelled while waiting for a permit
            releasePermits();
            return;
        }
        if (client.isClosed()) {
            fail(new ClientException(describe() + ": the client was closed"));
            return;
        }
        Duration timeout = request.timeout() != null ? request.timeout() : client.config().requestTimeout();
        if (!timeout.isZero()) {
            timeoutNanos = timeout.toNanos();
            deadlineAt = System.nanoTime() + timeoutNanos;
            deadline = loop.schedule(timeoutNanos, TimeUnit.NANOSECONDS, this::deadlinePassed);
        }
        rateThen(this::acquireConnection);
    }

    /** Runs {@code next} when the rate limit of the current origin lets a request start. */
    private void rateThen(Runnable next) {
        rate = client.rateLimiter(request.origin);
        if (rate == null) {
            next.run();
            return;
        }
        long delay = rate.reserve(System.nanoTime());
        if (delay <= 0) {
            next.run();
        } else {
            wait = loop.schedule(delay, TimeUnit.NANOSECONDS, () -> afterRateWait(next));
        }
    }

    private void afterRateWait(Runnable next) {
        if (done) {
            return;
        }
        if (rate.pausedFor(System.nanoTime()) > 0) { // a Retry-After arrived while this one waited: queue again behind it
            rateThen(next);
        } else {
            next.run();
        }
    }

    private void acquireConnection() {
        if (done) {
            return;
        }
        OriginPool p = client.pool(request.origin);
        pool = p;
        if (p.loop == loop) {
            p.acquire(this);
        } else {
            loop = p.loop;
            p.loop.execute(() -> p.acquire(this));
        }
    }

    // ---------------------------------------------------------------- the response

    /** A connection took the request. */
    void attached(ClientConnection c) {
        connection = c;
        client.countRequest();
    }

    void onHead(ResponseHead head) throws IOException {
        int status = head.status();
        long retryAfter = status == 429 || status == 503
                ? RetryAfter.millis(head.headers().get("Retry-After"), System.currentTimeMillis()) : -1;
        if (retryAfter >= 0 && rate != null) {
            rate.pause(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(retryAfter));
        }
        int maxRedirects = client.config().maxRedirects();
        if (maxRedirects > 0 && Policy.isRedirect(status) && head.headers().get("Location") != null) {
            ClientRequest next = Policy.redirect(request, head);
            if (next != null) {
                if (redirects >= maxRedirects) {
                    discardThen(() -> fail(new TooManyRedirectsException(describe() + ": more than " + maxRedirects
                            + " redirects (maxRedirects); the last one went to " + next.uri())));
                } else {
                    discardThen(() -> follow(next));
                }
                return;
            }
        }
        if (retryAfter >= 0 && mayRetry() && retries < client.config().retries()
                && retryAfter <= client.config().maxRetryDelay().toMillis() && fitsDeadline(TimeUnit.MILLISECONDS.toNanos(retryAfter))) {
            discardThen(() -> retryAfter(retryAfter));
            return;
        }
        if (target.endsAtHead() && deadline != null) {
            deadline.cancel();
        }
        BodySink s = target.open(this, head);
        ContentDecoder decoder = client.config().decompress() && head.hasBody()
                ? ContentDecoder.forEncoding(head.headers().get("Content-Encoding")) : null;
        sink = decoder == null ? s : new DecodingSink(decoder, s, this);
    }

    boolean onBody(ByteBuffer data) throws IOException {
        if (afterDiscard != null) {
            discarded += data.remaining();
            if (discarded > MAX_DISCARD) { // not worth reading: close the connection and go on
                ClientConnection c = connection;
                connection = null;
                Runnable then = afterDiscard;
                afterDiscard = null;
                c.abort();
                then.run();
                return false;
            }
            return true;
        }
        return sink.onData(data);
    }

    boolean onResume() throws IOException {
        return sink == null || sink.onResume();
    }

    /** The response is complete; its connection is back in the pool or closed. */
    void onResponseDone() {
        connection = null;
        if (afterDiscard != null) {
            Runnable then = afterDiscard;
            afterDiscard = null;
            then.run();
            return;
        }
        if (done) {
            return;
        }
        try {
            sink.onEnd();
        } catch (IOException | RuntimeException e) {
            fail(e);
            return;
        }
        done = true;
        client.untrack(this);
        cancelTimers();
        if (!target.endsAtHead()) {
            releasePermits(); // a stream's permits go when its reader has read the end or closed it
        }
    }

    /** The reader of a stream read its end or closed it after the end. Loop thread. */
    void streamConsumed() {
        if (done) {
            releasePermits();
        }
    }

    /** The connection failed (and is closed already), or no connection could be had. */
    void onFailure(IOException cause, boolean responseStarted, boolean reusedConnection) {
        connection = null;
        if (done) {
            return;
        }
        if (!responseStarted && sink == null && mayRetry() && !client.isClosed() && Policy.retryable(cause)) {
            if (reusedConnection && !staleRetried && !(cause instanceof ResponseTimeoutException)) {
                staleRetried = true; // the server closed a pooled connection as we used it: a fresh one, now
                client.countRetry();
                afterDiscard = null;
                acquireConnection();
                return;
            }
            if (retries < client.config().retries()) {
                long backoff = Policy.backoff(client.config(), ++retries);
                if (fitsDeadline(backoff)) {
                    client.countRetry();
                    wait = loop.schedule(backoff, TimeUnit.NANOSECONDS, () -> {
                        if (!done) {
                            rateThen(this::acquireConnection);
                        }
                    });
                    return;
                }
            }
        }
        fail(cause);
    }

    private boolean mayRetry() {
        return Policy.mayResend(request);
    }

    private boolean fitsDeadline(long delayNanos) {
        return deadline == null || deadlineAt - System.nanoTime() > delayNanos;
    }

    // ---------------------------------------------------------------- redirects and Retry-After

    private void discardThen(Runnable then) {
        sink = null;
        discarded = 0;
        afterDiscard = then;
    }

    private void follow(ClientRequest next) {
        if (done) {
            return;
        }
        redirects++;
        client.countRedirect();
        request = next;
        staleRetried = false;
        rateThen(this::acquireConnection);
    }

    private void retryAfter(long millis) {
        if (done) {
            return;
        }
        retries++;
        client.countRetry();
        wait = loop.schedule(millis, TimeUnit.MILLISECONDS, () -> {
            if (!done) {
                rateThen(this::acquireConnection);
            }
        });
    }

    // ---------------------------------------------------------------- ending

    private void deadlinePassed() {
        Loop l = loop;
        if (l.inLoop()) {
            timedOut();
        } else {
            l.execute(this::timedOut);
        }
    }

    private void timedOut() {
        if (!done) {
            fail(new RequestTimeoutException(describe() + ": not complete within " + Durations.format(timeoutNanos)
                    + (request.timeout() != null ? " (request timeout)" : " (requestTimeout)")));
        }
    }

    /** Gives up: the caller is told {@code failure}; a connection in use is closed. Loop thread. */
    void fail(Throwable failure) {
        if (done) {
            return;
        }
        done = true;
        client.untrack(this);
        cancelTimers();
        ClientConnection c = connection;
        connection = null;
        if (c != null) {
            c.abort();
        }
        pool.cancel(this);
        if (sink != null) {
            sink.onError(failure);
        } else {
            target.fail(failure);
        }
        releasePermits();
    }

    /** The stream's reader closed it before the end: close the connection, no failure to report. Loop thread. */
    void abandon() {
        if (done) {
            releasePermits();
            return;
        }
        done = true;
        client.untrack(this);
        cancelTimers();
        if (connection != null) {
            connection.abort();
            connection = null;
        }
        releasePermits();
    }

    /** The client is closing. Any thread: on the loop if it still runs, else here (nothing else runs then). */
    void clientClosed() {
        try {
            loop.execute(() -> fail(new ClientException(describe() + ": the client was closed")));
        } catch (RejectedExecutionException stopped) {
            if (!done) {
                done = true;
                target.fail(new ClientException(describe() + ": the client was closed"));
            }
        }
    }

    /** The caller cancelled the future. Any thread. */
    void cancel() {
        try {
            loop.execute(() -> fail(new ClientException(describe() + ": cancelled")));
        } catch (RejectedExecutionException ignored) {
            // closed: nothing runs any more
        }
    }

    private void cancelTimers() {
        if (deadline != null) {
            deadline.cancel();
        }
        if (wait != null) {
            wait.cancel();
        }
    }

    private void releasePermits() {
        if (!admitted) {
            return; // still waiting in a limiter: begin() releases when it runs and sees done
        }
        admitted = false;
        for (int i = limiters.length - 1; i >= 0; i--) {
            limiters[i].release();
        }
    }

    // ---------------------------------------------------------------- for sinks and messages

    ClientRequest request() {
        return request;
    }

    Loop loop() {
        return loop;
    }

    void resumeReading() {
        if (connection != null) {
            connection.resumeReading();
        }
    }

    ClientResponse response(ResponseHead head, byte[] body, Path file) {
        Headers headers = head.headers();
        return new ClientResponse(request, head.status(), head.reason(), head.version(), headers, body, file);
    }

    /** {@code "GET http://host/path"} for messages. */
    String describe() {
        return request.method() + " " + request.uri();
    }
}
