package io.hayate.websocket;

/**
 * Size limits a {@link FrameDecoder} enforces before it buffers the bytes that would cross them.
 *
 * <table>
 *   <caption>Limits and defaults</caption>
 *   <tr><th>limit</th><th>default</th><th>close code when crossed</th></tr>
 *   <tr><td>{@code maxFramePayload}: declared payload length of one data frame</td><td>1 MiB</td><td>1009</td></tr>
 *   <tr><td>{@code maxMessageSize}: payload of a whole message (all fragments), and its size after inflating when
 *       it is compressed</td><td>4 MiB</td><td>1009</td></tr>
 * </table>
 *
 * <p>Control frames are held to RFC 6455's own 125 bytes (1002), whatever these say. A message is reassembled in
 * memory, so {@code maxMessageSize} is what one connection may hold; 4 MiB rather than more because that is held
 * per connection and is reached only by a peer that really sends the bytes (buffers grow with what arrives, never to
 * a declared length up front). Browsers send a message as one frame: keep {@code maxFramePayload} equal to
 * {@code maxMessageSize} to accept every message up to that size from them.
 */
public record WsLimits(int maxFramePayload, int maxMessageSize) {
    public static final WsLimits DEFAULTS = new WsLimits(1024 * 1024, 4 * 1024 * 1024);

    /** Arrays cannot be quite {@code Integer.MAX_VALUE} long, and one byte past the limit must fit for the check. */
    private static final int MAX = Integer.MAX_VALUE - 16;

    public WsLimits {
        if (maxFramePayload <= 0 || maxFramePayload > MAX) {
            throw new IllegalArgumentException("maxFramePayload must be in 1.." + MAX + ", got " + maxFramePayload);
        }
        if (maxMessageSize <= 0 || maxMessageSize > MAX) {
            throw new IllegalArgumentException("maxMessageSize must be in 1.." + MAX + ", got " + maxMessageSize);
        }
    }

    public WsLimits withMaxFramePayload(int v) {
        return new WsLimits(v, maxMessageSize);
    }

    public WsLimits withMaxMessageSize(int v) {
        return new WsLimits(maxFramePayload, v);
    }
}
