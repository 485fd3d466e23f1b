package io.hayate.websocket;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import io.hayate.http.Headers;
import io.hayate.http.RequestHead;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The opening handshake of RFC 6455 §4, as pure functions over header lists: no sockets, no state.
 *
 * <p><b>Server.</b> {@link #validateRequest} checks an upgrade request and returns its key, or throws a
 * {@link HandshakeException} naming the status to answer with (400, 405 or 426, with the headers
 * {@link HandshakeError#addAnswerHeaders} adds). Then {@link #chooseSubprotocol} and
 * {@link PerMessageDeflate#negotiate} pick what to agree to, and {@link #responseHeaders} builds the headers of the
 * {@code 101 Switching Protocols} answer.
 *
 * <p><b>Client.</b> {@link #newKey()} makes the key, {@link #requestHeaders} the headers to add to the GET (beside
 * {@code Host}), and {@link #verifyResponse} checks the server's answer and returns what was agreed.
 *
 * <p><b>Threading.</b> Every method is static and safe to call from any thread.
 */
public final class Handshake {
    /** The GUID RFC 6455 §1.3 appends to the key before hashing. */
    public static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    /** The only protocol version, RFC 6455's. */
    public static final String VERSION = "13";

    private static final SecureRandom KEYS = new SecureRandom();
    private static final MessageDigest SHA1_PROTOTYPE = cloneableSha1();

    /** What a client and a server agreed to: the subprotocol (or null) and permessage-deflate (or null). */
    public record Agreement(String subprotocol, PerMessageDeflate deflate) {}

    private Handshake() {}

    // ---------------------------------------------------------------- server

    /**
     * Checks that {@code request} is a WebSocket opening handshake (RFC 6455 §4.2.1), in this order: GET, HTTP/1.1,
     * {@code Upgrade} lists {@code websocket}, {@code Connection} lists {@code upgrade}, {@code Sec-WebSocket-Version}
     * is 13, {@code Sec-WebSocket-Key} is 16 bytes in base64. Header names and the tokens compare case-insensitively.
     *
     * @return the {@code Sec-WebSocket-Key}, for {@link #accept(String)}
     * @throws HandshakeException naming the status to answer with
     */
    public static String validateRequest(RequestHead request) {
        if (!request.method().equals("GET")) {
            throw new HandshakeException(HandshakeError.METHOD_NOT_GET, request.method());
        }
        if (request.minorVersion() < 1) {
            throw new HandshakeException(HandshakeError.HTTP_1_0, null);
        }
        // In place and with nothing made but the key: this runs on every upgrade, inside the loop's largest compilation
        Headers h = request.headers();
        if (!h.containsToken("Upgrade", "websocket")) {
            throw new HandshakeException(HandshakeError.NOT_A_WEBSOCKET_UPGRADE, h.get("Upgrade"));
        }
        if (!h.containsToken("Connection", "upgrade")) {
            throw new HandshakeException(HandshakeError.CONNECTION_NOT_UPGRADE, h.get("Connection"));
        }
        if (h.count("Sec-WebSocket-Version") != 1 || !h.get("Sec-WebSocket-Version").strip().equals(VERSION)) {
            List<String> versions = h.getAll("Sec-WebSocket-Version");
            throw new HandshakeException(HandshakeError.UNSUPPORTED_VERSION, versions.isEmpty() ? "missing" : String.join(", ", versions));
        }
        int keys = h.count("Sec-WebSocket-Key");
        if (keys != 1) {
            throw new HandshakeException(HandshakeError.INVALID_KEY, keys == 0 ? "missing" : "repeated");
        }
        String key = h.get("Sec-WebSocket-Key").strip();
        if (!isValidKey(key)) {
            throw new HandshakeException(HandshakeError.INVALID_KEY, key.length() > 32 ? key.substring(0, 32) + "…" : key);
        }
        return key;
    }

    /** The {@code Sec-WebSocket-Accept} for {@code key}: base64(SHA-1(key + GUID)) (RFC 6455 §4.2.2 item 5.4). */
    public static String accept(String key) {
        return Base64.getEncoder().encodeToString(sha1().digest((key + GUID).getBytes(ISO_8859_1)));
    }

    /**
     * A fresh SHA-1 digest: a clone of one made at class load, not a provider lookup per handshake (which costs more
     * than the digest itself and, compiled into the request path, makes the JIT's largest compilation larger).
     */
    private static MessageDigest sha1() {
        try {
            return SHA1_PROTOTYPE != null ? (MessageDigest) SHA1_PROTOTYPE.clone() : MessageDigest.getInstance("SHA-1");
        } catch (CloneNotSupportedException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    private static MessageDigest cloneableSha1() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            md.clone();
            return md;
        } catch (CloneNotSupportedException e) {
            return null; // a provider whose digest cannot be cloned: look it up each time
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /**
     * The subprotocol to agree to: the first one in the request's {@code Sec-WebSocket-Protocol} list (the client's
     * order of preference, RFC 6455 §4.1 item 10) that {@code supported} holds, compared exactly; null when none
     * matches (the answer then carries no {@code Sec-WebSocket-Protocol}).
     */
    public static String chooseSubprotocol(Headers request, List<String> supported) {
        for (String offered : tokens(request.getAll("Sec-WebSocket-Protocol"))) {
            if (supported.contains(offered)) {
                return offered;
            }
        }
        return null;
    }

    /**
     * The headers of the {@code 101 Switching Protocols} answer: {@code Upgrade}, {@code Connection},
     * {@code Sec-WebSocket-Accept}, and {@code Sec-WebSocket-Protocol} / {@code Sec-WebSocket-Extensions} when
     * {@code subprotocol} / {@code deflate} are not null.
     */
    public static Headers responseHeaders(String key, String subprotocol, PerMessageDeflate deflate) {
        Headers h = new Headers()
                .add("Upgrade", "websocket")
                .add("Connection", "Upgrade")
                .add("Sec-WebSocket-Accept", accept(key));
        if (subprotocol != null) {
            h.add("Sec-WebSocket-Protocol", subprotocol);
        }
        if (deflate != null) {
            h.add("Sec-WebSocket-Extensions", deflate.headerValue());
        }
        return h;
    }

    // ---------------------------------------------------------------- client

    /** A fresh {@code Sec-WebSocket-Key}: 16 bytes from a shared {@link SecureRandom}, in base64. */
    public static String newKey() {
        return newKey(KEYS);
    }

    /** A {@code Sec-WebSocket-Key} made of 16 bytes from {@code random}, in base64 (RFC 6455 §4.1 item 7). */
    public static String newKey(RandomGenerator random) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    /**
     * The headers a client adds to its GET request besides {@code Host}: {@code Upgrade}, {@code Connection},
     * {@code Sec-WebSocket-Key}, {@code Sec-WebSocket-Version}, and {@code Sec-WebSocket-Protocol} /
     * {@code Sec-WebSocket-Extensions} when {@code subprotocols} is not empty / {@code deflate} is not null.
     */
    public static Headers requestHeaders(String key, List<String> subprotocols, PerMessageDeflate deflate) {
        Headers h = new Headers()
                .add("Upgrade", "websocket")
                .add("Connection", "Upgrade")
                .add("Sec-WebSocket-Key", key)
                .add("Sec-WebSocket-Version", VERSION);
        if (!subprotocols.isEmpty()) {
            for (String p : subprotocols) {
                if (p.isEmpty() || !p.chars().allMatch(c -> ExtensionHeader.isTchar((char) c))) {
                    throw new IllegalArgumentException("a subprotocol is a token, got '" + p + "'");
                }
            }
            h.add("Sec-WebSocket-Protocol", String.join(", ", subprotocols));
        }
        if (deflate != null) {
            h.add("Sec-WebSocket-Extensions", deflate.headerValue());
        }
        return h;
    }

    /**
     * Checks a server's answer to the handshake sent with {@code key}, {@code subprotocols} and {@code deflate}
     * (RFC 6455 §4.1, "the client MUST validate the server's response").
     *
     * @return the subprotocol the server chose (or null) and the permessage-deflate parameters it agreed to (or null)
     * @throws HandshakeException when the client must fail the connection
     */
    public static Agreement verifyResponse(int status, Headers response, String key, List<String> subprotocols,
                                           PerMessageDeflate deflate) {
        if (status != 101) {
            throw new HandshakeException(HandshakeError.UNEXPECTED_STATUS, Integer.toString(status));
        }
        List<String> upgrade = response.getAll("Upgrade");
        if (upgrade.size() != 1 || !upgrade.get(0).strip().equalsIgnoreCase("websocket")) {
            throw new HandshakeException(HandshakeError.RESPONSE_NOT_UPGRADE, "Upgrade: " + String.join(", ", upgrade));
        }
        if (!response.containsToken("Connection", "upgrade")) {
            throw new HandshakeException(HandshakeError.RESPONSE_NOT_UPGRADE, "Connection: " + response.get("Connection"));
        }
        List<String> accepts = response.getAll("Sec-WebSocket-Accept");
        if (accepts.size() != 1 || !accepts.get(0).strip().equals(accept(key))) {
            throw new HandshakeException(HandshakeError.ACCEPT_MISMATCH, null);
        }
        String subprotocol = null;
        List<String> chosen = tokens(response.getAll("Sec-WebSocket-Protocol"));
        if (!chosen.isEmpty()) {
            if (chosen.size() != 1 || !subprotocols.contains(chosen.get(0))) {
                throw new HandshakeException(HandshakeError.UNEXPECTED_SUBPROTOCOL, String.join(", ", chosen));
            }
            subprotocol = chosen.get(0);
        }
        List<String> extensions = response.getAll("Sec-WebSocket-Extensions");
        PerMessageDeflate agreed = null;
        if (!extensions.isEmpty()) {
            if (deflate == null) {
                throw new HandshakeException(HandshakeError.UNEXPECTED_EXTENSION, String.join(", ", extensions));
            }
            agreed = deflate.acceptResponse(String.join(", ", extensions)).orElse(null);
        }
        return new Agreement(subprotocol, agreed);
    }

    // ---------------------------------------------------------------- helpers

    /** 24 characters of base64 ending in {@code ==}: exactly the encoding of 16 bytes. */
    static boolean isValidKey(String key) {
        if (key.length() != 24 || !key.endsWith("==")) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether a comma-separated header list holds {@code token}, compared case-insensitively. */
    /** The non-empty, trimmed elements of comma-separated header fields, in order. */
    private static List<String> tokens(List<String> fields) {
        List<String> out = new ArrayList<>();
        for (String f : fields) {
            for (String t : f.split(",")) {
                String s = t.strip();
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
        }
        return out;
    }
}
