package io.hayate.websocket;

import io.hayate.websocket.ExtensionHeader.Extension;
import io.hayate.websocket.ExtensionHeader.Param;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The permessage-deflate extension (RFC 7692): its negotiation in the opening handshake, and the agreed parameters
 * that a {@link FrameDecoder} and a {@link FrameEncoder} are built with.
 *
 * <p><b>Server.</b> {@link #negotiate(String)} takes the request's {@code Sec-WebSocket-Extensions} (repeated fields
 * joined with {@code ", "}) and accepts the first permessage-deflate offer it supports; {@link #headerValue()} of the
 * result is the response's {@code Sec-WebSocket-Extensions}. <b>Client.</b> {@link #headerValue()} of an offer (e.g.
 * {@link #DEFAULTS}) goes in the request, and {@link #acceptResponse(String)} checks the server's answer and returns
 * the agreed parameters.
 *
 * <table>
 *   <caption>Parameters supported</caption>
 *   <tr><th>parameter</th><th>as server</th><th>as client</th></tr>
 *   <tr><td>{@code server_no_context_takeover}</td><td>accepted and echoed: the deflater resets after each message</td>
 *       <td>offered on request; accepted when the server adds it on its own</td></tr>
 *   <tr><td>{@code client_no_context_takeover}</td><td>accepted and echoed: the inflater resets after each message</td>
 *       <td>offered on request (the client then resets its deflater whatever the answer); accepted in the answer</td></tr>
 *   <tr><td>{@code server_max_window_bits}</td><td>accepted only as {@code 15} (echoed); an offer of 8–14 is declined,
 *       because the JDK {@link java.util.zip.Deflater} always uses a 15-bit window</td>
 *       <td>offered on request with any value 8–15; any value up to the offered one accepted (the JDK
 *       {@link java.util.zip.Inflater} reads every window size)</td></tr>
 *   <tr><td>{@code client_max_window_bits}</td><td>accepted with or without a value and not echoed, which leaves the
 *       client free to use any window up to what it offered: the inflater reads them all</td>
 *       <td>never offered (the JDK deflater could not honour a smaller window), so an answer carrying it fails</td></tr>
 * </table>
 * An offer with an unknown or repeated parameter, or a malformed value (window bits are 8–15 without leading zeros),
 * is declined (RFC 7692 §7); a malformed header declines them all.
 *
 * @param serverNoContextTakeover whether the server resets its compressor after each message it sends
 * @param clientNoContextTakeover whether the client resets its compressor after each message it sends
 * @param serverMaxWindowBits     the {@code server_max_window_bits} value, 8–15, or 0 when the parameter is absent
 * @param clientMaxWindowBits     the {@code client_max_window_bits} value, 8–15, or 0 when the parameter is absent
 *                                (this class never puts it in a header it writes)
 */
public record PerMessageDeflate(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
                                int serverMaxWindowBits, int clientMaxWindowBits) {
    /** The extension's name in {@code Sec-WebSocket-Extensions}. */
    public static final String NAME = "permessage-deflate";
    /** No parameters: context takeover both ways, 32 KiB windows. As a client offer: {@code permessage-deflate}. */
    public static final PerMessageDeflate DEFAULTS = new PerMessageDeflate(false, false, 0, 0);

    private static final String SERVER_NO_CONTEXT = "server_no_context_takeover";
    private static final String CLIENT_NO_CONTEXT = "client_no_context_takeover";
    private static final String SERVER_WINDOW = "server_max_window_bits";
    private static final String CLIENT_WINDOW = "client_max_window_bits";

    public PerMessageDeflate {
        checkBits(SERVER_WINDOW, serverMaxWindowBits);
        checkBits(CLIENT_WINDOW, clientMaxWindowBits);
    }

    /**
     * Server side: the parameters of the first permessage-deflate offer in {@code offers} this implementation
     * supports, or empty when there is none (then the response carries no {@code Sec-WebSocket-Extensions} and
     * messages go uncompressed).
     *
     * @param offers the request's {@code Sec-WebSocket-Extensions}, or null when absent
     */
    public static Optional<PerMessageDeflate> negotiate(String offers) {
        if (offers == null || offers.isBlank()) {
            return Optional.empty();
        }
        List<Extension> extensions;
        try {
            extensions = ExtensionHeader.parse(offers);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        for (Extension e : extensions) {
            if (e.name().equalsIgnoreCase(NAME)) {
                PerMessageDeflate accepted = acceptOffer(e.params());
                if (accepted != null) {
                    return Optional.of(accepted);
                }
            }
        }
        return Optional.empty();
    }

    /** The agreement for one offer, or null to decline it. */
    private static PerMessageDeflate acceptOffer(List<Param> params) {
        boolean serverNoContext = false;
        boolean clientNoContext = false;
        int serverBits = 0;
        Set<String> seen = new HashSet<>();
        for (Param p : params) {
            String name = p.name().toLowerCase(Locale.ROOT);
            if (!seen.add(name)) {
                return null;
            }
            switch (name) {
                case SERVER_NO_CONTEXT, CLIENT_NO_CONTEXT -> {
                    if (p.value() != null) {
                        return null;
                    }
                    if (name.equals(SERVER_NO_CONTEXT)) {
                        serverNoContext = true;
                    } else {
                        clientNoContext = true;
                    }
                }
                case SERVER_WINDOW -> {
                    if (windowBits(p.value()) != 15) {
                        return null; // absent, malformed, or a window the JDK deflater cannot keep to
                    }
                    serverBits = 15;
                }
                case CLIENT_WINDOW -> {
                    if (p.value() != null && windowBits(p.value()) < 0) {
                        return null;
                    }
                }
                default -> {
                    return null;
                }
            }
        }
        return new PerMessageDeflate(serverNoContext, clientNoContext, serverBits, 0);
    }

    /**
     * The {@code Sec-WebSocket-Extensions} value for these parameters: the server's response after
     * {@link #negotiate}, or a client's offer, e.g. {@code permessage-deflate; server_no_context_takeover}.
     */
    public String headerValue() {
        StringBuilder sb = new StringBuilder(NAME);
        if (serverNoContextTakeover) {
            sb.append("; ").append(SERVER_NO_CONTEXT);
        }
        if (clientNoContextTakeover) {
            sb.append("; ").append(CLIENT_NO_CONTEXT);
        }
        if (serverMaxWindowBits != 0) {
            sb.append("; ").append(SERVER_WINDOW).append('=').append(serverMaxWindowBits);
        }
        if (clientMaxWindowBits != 0) {
            sb.append("; ").append(CLIENT_WINDOW).append('=').append(clientMaxWindowBits);
        }
        return sb.toString();
    }

    /**
     * Client side, called on the offer that was sent: checks the server's {@code Sec-WebSocket-Extensions} and returns
     * the agreed parameters, or empty when the server declined (no header: messages go uncompressed).
     *
     * @throws HandshakeException ({@link HandshakeError#UNEXPECTED_EXTENSION}) when the answer is malformed, names
     *                            another extension, or has parameters the offer does not allow; the client must
     *                            then fail the connection (RFC 6455 §4.1)
     */
    public Optional<PerMessageDeflate> acceptResponse(String response) {
        if (clientMaxWindowBits != 0) {
            throw new IllegalStateException("this client cannot offer client_max_window_bits: the JDK deflater uses 15 bits only");
        }
        if (response == null || response.isBlank()) {
            return Optional.empty();
        }
        List<Extension> extensions;
        try {
            extensions = ExtensionHeader.parse(response);
        } catch (IllegalArgumentException e) {
            throw new HandshakeException(HandshakeError.UNEXPECTED_EXTENSION, e.getMessage());
        }
        if (extensions.size() != 1 || !extensions.get(0).name().equalsIgnoreCase(NAME)) {
            throw new HandshakeException(HandshakeError.UNEXPECTED_EXTENSION, response);
        }
        boolean serverNoContext = false;
        boolean clientNoContext = false;
        int serverBits = 0;
        Set<String> seen = new HashSet<>();
        for (Param p : extensions.get(0).params()) {
            String name = p.name().toLowerCase(Locale.ROOT);
            if (!seen.add(name)) {
                throw new HandshakeException(HandshakeError.UNEXPECTED_EXTENSION, "repeated " + name);
            }
            switch (name) {
                case SERVER_NO_CONTEXT, CLIENT_NO_CONTEXT -> {
                    if (p.value() != null) {
                        throw new HandshakeException(HandshakeError.UNEXPECTED_EXTENSION, name + " with a value");
                    }
                    if (name.equals(SERVER_NO_CONTEXT)) {
                        serverNoContext = true;
                    } else {
                        clientNoContext = true;
                    }
                }
                case SERVER_WINDOW -> {
                    serverBits = windowBits(p.value());
                    if (serverBits < 0 || (serverMaxWindowBits != 0 && serverBits > serverMaxWindowBits)) {
                        throw new HandshakeException(HandshakeError.UNEXPECTED_EXTENSION, name + "=" + p.value());
                    }
                }
                default -> throw new HandshakeException(HandshakeError.UNEXPECTED_EXTENSION, "parameter " + name + " was not offered");
            }
        }
        if (serverNoContextTakeover && !serverNoContext) {
            throw new HandshakeException(HandshakeError.UNEXPECTED_EXTENSION, "offered " + SERVER_NO_CONTEXT + " not confirmed");
        }
        if (serverMaxWindowBits != 0 && serverBits == 0) {
            throw new HandshakeException(HandshakeError.UNEXPECTED_EXTENSION, "offered " + SERVER_WINDOW + " not confirmed");
        }
        return Optional.of(new PerMessageDeflate(serverNoContext, clientNoContext || clientNoContextTakeover, serverBits, 0));
    }

    /** Whether {@code sender} resets its compressor after each message (and its peer may reset the decompressor). */
    boolean noContextTakeover(Role sender) {
        return sender == Role.SERVER ? serverNoContextTakeover : clientNoContextTakeover;
    }

    /** 8..15 written without leading zeros, else -1. */
    private static int windowBits(String v) {
        if (v == null) {
            return -1;
        }
        return switch (v) {
            case "8", "9", "10", "11", "12", "13", "14", "15" -> Integer.parseInt(v);
            default -> -1;
        };
    }

    private static void checkBits(String name, int bits) {
        if (bits != 0 && (bits < 8 || bits > 15)) {
            throw new IllegalArgumentException(name + " is 8..15, or 0 for absent; got " + bits);
        }
    }
}
