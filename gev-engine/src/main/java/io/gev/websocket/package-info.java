/**
 * WebSocket (RFC 6455, server side) on gev: write a {@link io.gev.websocket.WebSocketHandler} and give the server
 * {@link io.gev.websocket.WebSocket#handler} and {@link io.gev.websocket.WebSocket#protocol}, configured by
 * {@link io.gev.websocket.WebSocketOptions}. Each open WebSocket is a thread safe
 * {@link io.gev.websocket.WebSocketConnection}, and a message for many of them can be encoded once as a
 * {@link io.gev.websocket.SharedFrame}; the opening handshake can be filtered
 * ({@link io.gev.websocket.UpgradeFilter}), and plain HTTP GETs answered ({@link io.gev.websocket.PlainHttpHandler})
 * with an {@link io.gev.websocket.HttpReply}.
 *
 * <p>The rest is package-private, one concept per class: {@code WebSocketProtocol} (the engine's protocol: which state
 * a connection is in), {@code PendingHandshake} (the opening handshake), {@code HttpRequestHead} (HTTP request
 * parsing), {@code WebSocketSession} (an open WebSocket and its closing handshake), {@code FrameDecoder} (client
 * frames to messages), {@code FrameEncoder} (server frames), {@code Masking}, {@code Utf8Validator},
 * {@code WebSocketHandlerAdapter} (frames to handler calls), {@code Outbound} (internal messages to send),
 * {@code Opcode}, {@code ControlFrameListener}, and the two errors that close a connection,
 * {@code HandshakeException} and {@code WebSocketException}. permessage-deflate (RFC 7692): {@code ExtensionOffer}
 * (the extensions header parsed), {@code DeflateAgreement} (what is agreed, and how), {@code MessageDeflater} and
 * {@code MessageInflater} (one WebSocket's compressing and inflating), {@code LoopCompression} (what a loop's
 * WebSockets share), and {@code MessageBuffer} (a message being received, bounded by the max size).
 */
package io.gev.websocket;
