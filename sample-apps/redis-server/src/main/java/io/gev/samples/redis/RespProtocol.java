package io.gev.samples.redis;

import io.gev.Connection;
import io.gev.Frame;
import io.gev.Protocol;
import io.gev.buffer.RingBuffer;
import io.gev.codec.FrameException;
import io.gev.spring.GevProtocol;

/**
 * RESP framing for the gev server (requests are the same in RESP2 and RESP3): each frame is one {@link Request} (the
 * frame's context; its payload is empty), each reply a {@link RespReply} in the client's protocol, or a
 * {@link WaitingReplies.Release} of the replies that waited for the disk.
 *
 * <p>A malformed or oversized request is answered with {@code -ERR Protocol error: ...}, after the replies to the
 * requests before it, and then its connection is closed, as Redis does; other connections notice nothing.
 */
@GevProtocol
public class RespProtocol implements Protocol {

    private final RespLimits limits;
    private final CommandTable commands;
    private final RecentClock clock;

    public RespProtocol(RespLimits limits, CommandTable commands, RecentClock clock) {
        this.limits = limits;
        this.commands = commands;
        this.clock = clock;
    }

    @Override
    public void onConnect(Connection connection) {
        connection.setProtocolContext(new RequestDecoder(limits, commands));
        connection.setContext(new Client(connection, clock));
    }

    @Override
    public Frame unpack(Connection connection, RingBuffer in) {
        RequestDecoder decoder = (RequestDecoder) connection.protocolContext();
        try {
            Request request = decoder.decode(in);
            return request == null ? null : decoder.frame();
        } catch (FrameException e) {
            connection.send(RespReply.error("ERR Protocol error: " + e.getMessage()));
            throw e;
        }
    }

    @Override
    public byte[] pack(Connection connection, Object message) {
        if (message instanceof RespReply reply) {
            return reply.bytes(Client.of(connection).resp3());
        }
        if (message instanceof WaitingReplies.Release release) {
            return Client.of(connection).waitingReplies().release(release.durable());
        }
        throw new IllegalArgumentException("not a RespReply: " + message.getClass().getName());
    }
}
