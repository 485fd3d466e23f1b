package io.hayate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayate.http.HttpDate;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure parts: token bucket arithmetic, Retry-After, the task semaphore, origins of URIs, config checks. */
class ClientPartsTest {
    private static final long MS = 1_000_000;

    @Test
    void token_bucket_spaces_starts_and_allows_a_burst() {
        RateLimiter r = new RateLimiter(RateLimit.perSecond(10).withBurst(3), 0);
        long[] waits = new long[6];
        for (int i = 0; i < waits.length; i++) {
            waits[i] = r.reserve(0) / MS;
        }
        assertThat(waits).containsExactly(0, 0, 0, 100, 200, 300);
        assertThat(r.reserve(2000 * MS)).as("after a quiet spell the burst is back").isZero();
    }

    @Test
    void a_pause_holds_every_start_then_spacing_resumes() {
        RateLimiter r = new RateLimiter(RateLimit.perSecond(10), 0);
        assertThat(r.reserve(0)).isZero();
        r.pause(1000 * MS);
        assertThat(r.pausedFor(400 * MS) / MS).isEqualTo(600);
        assertThat(r.reserve(400 * MS) / MS).isEqualTo(600);
        assertThat(r.reserve(400 * MS) / MS).isEqualTo(700);
        assertThat(r.pausedFor(1500 * MS)).isZero();
    }

    @Test
    void retry_after_seconds_and_dates() {
        long now = 1_700_000_000_000L;
        assertThat(RetryAfter.millis("120", now)).isEqualTo(120_000);
        assertThat(RetryAfter.millis(" 0 ", now)).isZero();
        assertThat(RetryAfter.millis(HttpDate.format(now / 1000 + 30), now)).isEqualTo(30_000);
        assertThat(RetryAfter.millis(HttpDate.format(now / 1000 - 30), now)).as("past: now").isZero();
        assertThat(RetryAfter.millis("soon", now)).isEqualTo(-1);
        assertThat(RetryAfter.millis("-5", now)).isEqualTo(-1);
        assertThat(RetryAfter.millis(null, now)).isEqualTo(-1);
    }

    @Test
    void the_semaphore_runs_waiters_in_order_as_permits_come_back() {
        Limiter l = new Limiter(2);
        List<Integer> ran = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            l.acquire(() -> ran.add(n));
        }
        assertThat(ran).containsExactly(0, 1);
        assertThat(l.waiting()).isEqualTo(3);
        l.release();
        assertThat(ran).containsExactly(0, 1, 2);
        l.release();
        l.release();
        l.release();
        l.release();
        assertThat(ran).containsExactly(0, 1, 2, 3, 4);
        assertThat(l.inUse()).isZero();
    }

    @Test
    void origins_of_uris() {
        assertThat(ClientRequest.get("http://Example.com/a").origin).isEqualTo(new Origin("Example.com", 80, null));
        assertThat(ClientRequest.get("http://[::1]:8080/a?b=c").origin.hostHeader()).isEqualTo("[::1]:8080");
        assertThat(ClientRequest.get("http://[::1]:8080/a?b=c").target).isEqualTo("/a?b=c");
        assertThat(ClientRequest.get("http://h").target).isEqualTo("/");
        assertThat(ClientRequest.get("ws://h:81/chat").origin.hostHeader()).isEqualTo("h:81");
        assertThat(ClientRequest.get("http+unix://%2Ftmp%2Fa.sock/x").origin).isEqualTo(new Origin("localhost", -1, Path.of("/tmp/a.sock")));
        assertThat(ClientRequest.get(URI.create("http://svc/x")).withUnixSocket(Path.of("/s")).origin.hostHeader()).isEqualTo("svc");
        assertThatThrownBy(() -> ClientRequest.get("http:///nohost")).hasMessageContaining("no host");
        assertThatThrownBy(() -> ClientRequest.get("http+unix:///x")).hasMessageContaining("socket path");
        assertThatThrownBy(() -> ClientRequest.of("BAD METHOD", "http://h/", RequestBody.empty())).hasMessageContaining("not a token");
    }

    @Test
    void requests_are_immutable() {
        ClientRequest a = ClientRequest.get("http://h/");
        ClientRequest b = a.withHeader("X", "1");
        assertThat(a.header("X")).isNull();
        assertThat(b.header("X")).isEqualTo("1");
        b.headers().add("Y", "2");
        assertThat(b.header("Y")).as("headers() is a copy").isNull();
        assertThatThrownBy(() -> a.withHeader("X", "a\r\nInjected: yes")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void config_checks_say_what_is_wrong() {
        assertThatThrownBy(() -> ClientConfig.defaults().withMaxConnectionsPerOrigin(0)).hasMessageContaining("maxConnectionsPerOrigin must be positive");
        assertThatThrownBy(() -> ClientConfig.defaults().withUserAgent("x\r\ny")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateLimit.perSecond(0)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new HttpClientLimitView()).isInstanceOf(IllegalArgumentException.class);
    }

    /** limit(0) is refused. */
    private static final class HttpClientLimitView {
        HttpClientLimitView() {
            new Limiter(0);
        }
    }
}
