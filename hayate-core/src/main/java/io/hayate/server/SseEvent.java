package io.hayate.server;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One server-sent event (HTML Living Standard, "Server-sent events"). Encoding is pure: {@link #encode()}.
 *
 * @param id    the event id ({@code id:} line), which a reconnecting browser sends back as {@code Last-Event-ID};
 *              {@code null} for none; must not contain CR, LF or NUL
 * @param event the event type ({@code event:} line); {@code null} for the default "message"; no CR or LF
 * @param data  the data; may span several lines (each becomes a {@code data:} line); {@code null} for none
 * @param retry the reconnection delay to ask of the client ({@code retry:} line), or {@code null}
 */
public record SseEvent(String id, String event, String data, Duration retry) {

    public SseEvent {
        if (id != null && (id.indexOf('\n') >= 0 || id.indexOf('\r') >= 0 || id.indexOf('\0') >= 0)) {
            throw new IllegalArgumentException("an event id must not contain CR, LF or NUL");
        }
        if (event != null && (event.indexOf('\n') >= 0 || event.indexOf('\r') >= 0)) {
            throw new IllegalArgumentException("an event type must not contain CR or LF");
        }
        if (retry != null && retry.isNegative()) {
            throw new IllegalArgumentException("retry must not be negative");
        }
    }

    /** A plain {@code message} event. */
    public static SseEvent of(String data) {
        return new SseEvent(null, null, data, null);
    }

    /** The event as it goes on the wire, ending with the blank line that dispatches it. */
    public byte[] encode() {
        StringBuilder sb = new StringBuilder(32 + (data == null ? 0 : data.length()));
        if (id != null) {
            sb.append("id: ").append(id).append('\n');
        }
        if (event != null) {
            sb.append("event: ").append(event).append('\n');
        }
        if (retry != null) {
            sb.append("retry: ").append(retry.toMillis()).append('\n');
        }
        if (data != null) {
            int start = 0;
            int n = data.length();
            for (int i = 0; i <= n; i++) {
                char c = i < n ? data.charAt(i) : '\n';
                if (c == '\n' || c == '\r') {
                    sb.append("data: ").append(data, start, i).append('\n');
                    if (c == '\r' && i + 1 < n && data.charAt(i + 1) == '\n') {
                        i++;
                    }
                    start = i + 1;
                    if (i >= n) {
                        break;
                    }
                }
            }
        }
        return sb.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A comment line ({@code : text}), ignored by clients: a heartbeat that keeps proxies from timing out. */
    public static byte[] comment(String text) {
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a comment is one line");
        }
        return (": " + text + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}
