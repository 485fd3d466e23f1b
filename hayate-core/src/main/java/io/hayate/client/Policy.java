package io.hayate.client;

import io.hayate.http.ResponseHead;
import java.io.IOException;
import java.net.URI;
import java.util.Objects;
import java.util.Set;

/**
 * The client's rules, as pure functions: which requests may be sent again and after which failures, how long to
 * back off, and what request a redirect asks for.
 */
final class Policy {
    /** RFC 9110 §9.2.2. */
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");

    private Policy() {}

    /** Whether {@code request} may be sent again: an idempotent method and a body that can be read again. */
    static boolean mayResend(ClientRequest request) {
        return IDEMPOTENT.contains(request.method()) && request.body().replayable();
    }

    /**
     * Whether a failure before any response byte is worth a retry: network failures and timeouts are; a malformed
     * answer, the request's own deadline, its body, an unknown host and a redirect loop are not.
     */
    static boolean retryable(IOException cause) {
        return !(cause instanceof MalformedResponseException) && !(cause instanceof RequestTimeoutException)
                && !(cause instanceof RequestBodyException) && !(cause instanceof java.net.UnknownHostException)
                && !(cause instanceof TooManyRedirectsException);
    }

    /** The wait before retry number {@code attempt} (1, 2, …): the configured backoff doubled each time, capped. */
    static long backoff(ClientConfig config, int attempt) {
        long base = config.retryBackoff().toNanos();
        long cap = config.maxRetryDelay().toNanos();
        return Math.min(cap, base << Math.min(20, attempt - 1));
    }

    static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /**
     * The request a redirect of {@code request} asks for, or {@code null} when it cannot be followed (the 3xx is
     * returned): 303, and 301/302 after a POST, become a GET without a body (what browsers do, RFC 9110 §15.4);
     * 307/308 keep method and body, if the body can be sent again. Credentials do not follow to another origin; a
     * UNIX socket is kept only on the same authority.
     */
    static ClientRequest redirect(ClientRequest request, ResponseHead head) {
        URI next;
        ClientRequest r;
        try {
            next = request.uri().resolve(head.headers().get("Location").strip());
            r = request.withUri(next);
        } catch (IllegalArgumentException e) {
            return null; // a malformed Location, or https: the caller gets the 3xx itself
        }
        if (r.unixSocket() != null && !sameAuthority(request.uri(), next)) {
            r = r.withUnixSocket(null);
        }
        int s = head.status();
        String method = request.method();
        if ((s == 303 && !method.equals("HEAD")) || ((s == 301 || s == 302) && method.equals("POST"))) {
            r = r.withMethod("GET", RequestBody.empty()).withoutHeader("Content-Type").withoutHeader("Content-Encoding");
        } else if (!request.body().replayable()) {
            return null;
        }
        if (!r.origin.equals(request.origin)) {
            r = r.withoutHeader("Authorization").withoutHeader("Cookie");
        }
        return r;
    }

    private static boolean sameAuthority(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && Objects.equals(a.getRawAuthority(), b.getRawAuthority());
    }
}
