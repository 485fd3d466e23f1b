package io.hayate.websocket;

/**
 * Which end of a WebSocket connection a codec works for. It decides masking (RFC 6455 §5.1): a client masks every
 * frame it sends and a server masks none, so a {@link FrameDecoder} for {@link #SERVER} requires masked frames and one
 * for {@link #CLIENT} rejects them, and a {@link FrameEncoder} for {@link #CLIENT} masks.
 *
 * <p>With permessage-deflate it also decides which {@code *_no_context_takeover} parameter applies to which
 * direction: the {@code server_} ones govern what the server sends, the {@code client_} ones what the client sends.
 */
public enum Role {
    /** The end that accepted the connection: receives masked frames, sends unmasked ones. */
    SERVER,
    /** The end that opened the connection: sends masked frames, receives unmasked ones. */
    CLIENT;

    /** The other end. */
    public Role peer() {
        return this == SERVER ? CLIENT : SERVER;
    }
}
