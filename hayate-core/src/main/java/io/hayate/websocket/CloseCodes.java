package io.hayate.websocket;

/**
 * Status codes of a Close frame (RFC 6455 §7.4, IANA "WebSocket Close Code Number Registry"), and which of them may
 * travel in a Close frame.
 *
 * <p>Valid on the wire: 1000–1003, 1007–1014 and 3000–4999. Everything else is refused, both when decoding (close
 * with 1002) and when encoding ({@link IllegalArgumentException}): 0–999 are unused, 1004 is reserved, 1005, 1006 and
 * 1015 only report local conditions and MUST NOT be sent (RFC 6455 §7.4.1), and 1016–2999 are unassigned codes that
 * only a future RFC may give a meaning.
 */
public final class CloseCodes {
    /** The purpose of the connection was fulfilled. */
    public static final int NORMAL = 1000;
    /** The endpoint goes away: a server shutting down, a browser leaving the page. */
    public static final int GOING_AWAY = 1001;
    /** The peer broke the protocol. */
    public static final int PROTOCOL_ERROR = 1002;
    /** A message of a type the endpoint cannot accept (e.g. binary for a text-only endpoint). */
    public static final int UNSUPPORTED_DATA = 1003;
    /** Never sent: reported when a Close frame carried no status code. */
    public static final int NO_STATUS = 1005;
    /** Never sent: reported when the connection ended without a Close frame. */
    public static final int ABNORMAL = 1006;
    /** Data inconsistent with the message type: invalid UTF-8 in a text message, corrupt compressed data. */
    public static final int INVALID_PAYLOAD = 1007;
    /** A message that violates the endpoint's policy, when no more specific code fits. */
    public static final int POLICY_VIOLATION = 1008;
    /** A frame or message over the endpoint's size limit. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** Sent by a client: the server did not negotiate an extension the client requires. */
    public static final int MANDATORY_EXTENSION = 1010;
    /** Sent by a server: an unexpected condition kept it from fulfilling the request. */
    public static final int INTERNAL_ERROR = 1011;
    /** The server is restarting (IANA registry). */
    public static final int SERVICE_RESTART = 1012;
    /** The server is overloaded: try again later (IANA registry). */
    public static final int TRY_AGAIN_LATER = 1013;
    /** A gateway got an invalid answer from upstream (IANA registry). */
    public static final int BAD_GATEWAY = 1014;
    /** Never sent: reported when the TLS handshake failed. */
    public static final int TLS_HANDSHAKE = 1015;

    private CloseCodes() {}

    /** Whether {@code code} may appear in a Close frame, sent or received. */
    public static boolean isValid(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }
}
