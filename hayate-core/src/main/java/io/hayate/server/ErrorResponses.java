package io.hayate.server;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.hayate.http.ResponseEncoder;
import io.hayate.http.ResponseEncoder.ConnectionHeader;
import io.hayate.http.Status;
import java.nio.ByteBuffer;

/** Complete plain-text answers for protocol errors, always with {@code Connection: close}. */
final class ErrorResponses {
    private ErrorResponses() {}

    static byte[] encode(int status, String message) {
        String reason = Status.reason(status);
        byte[] body = (status + " " + reason + (message == null ? "" : ": " + message) + "\n").getBytes(UTF_8);
        String type = "text/plain; charset=utf-8";
        ByteBuffer out = ByteBuffer.allocate(ResponseEncoder.headSize(status, type, null) + body.length);
        ResponseEncoder.encodeHead(out, status, type, null, body.length, ConnectionHeader.CLOSE);
        out.put(body);
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }
}
