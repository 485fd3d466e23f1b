/**
 * The WebSocket codec (RFC 6455, RFC 7692): bytes in, events out, with no sockets, no threads and no loop, so the
 * server and the client share it and tests can feed it byte by byte.
 *
 * <ul>
 *   <li>{@link io.hayate.websocket.Handshake}: the opening handshake on both sides (validate a request, compute the
 *       accept value, choose a subprotocol; make a key and verify the answer), errors in
 *       {@link io.hayate.websocket.HandshakeError}.</li>
 *   <li>{@link io.hayate.websocket.FrameDecoder}: frames to messages, pings, pongs and close; every protocol error
 *       maps to a close code in {@link io.hayate.websocket.WsViolation}, the one table.</li>
 *   <li>{@link io.hayate.websocket.FrameEncoder}: messages and control frames to frames, masked for a client.</li>
 *   <li>{@link io.hayate.websocket.PerMessageDeflate}: negotiation and parameters of permessage-deflate.</li>
 * </ul>
 *
 * A server builds {@code new FrameDecoder(Role.SERVER, limits, deflate)} and {@code FrameEncoder.server(deflate)};
 * a client {@code new FrameDecoder(Role.CLIENT, limits, deflate)} and {@code FrameEncoder.client(deflate)}. Both
 * are per connection and not thread-safe.
 */
package io.hayate.websocket;
