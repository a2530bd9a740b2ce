package io.gev.protobuf;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.gev.GevServer;
import io.gev.protobuf.test.Msg1;
import io.gev.protobuf.test.Msg2;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A blocking socket client of a protobuf server, built only from the JDK and protobuf-java's own I/O: the envelope is
 * written and read field by field with {@link DataOutputStream} and {@link DataInputStream} as gev's Go plugin lays it
 * out, varint frames with {@code writeDelimitedTo} and {@code parseDelimitedFrom}. Knows {@link Msg1} and
 * {@link Msg2}. Not thread safe.
 */
final class ProtobufClient implements AutoCloseable {

    private static final Map<String, Message> KNOWN = Map.of(
            Msg1.getDescriptor().getFullName(), Msg1.getDefaultInstance(),
            Msg2.getDescriptor().getFullName(), Msg2.getDefaultInstance());

    private final Socket socket;
    private final DataOutputStream out;
    private final DataInputStream in;
    private final ProtobufFraming framing;
    private final Message varintReplies;

    private ProtobufClient(Socket socket, ProtobufFraming framing, Message varintReplies) throws IOException {
        this.socket = socket;
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        this.framing = framing;
        this.varintReplies = varintReplies;
    }

    /** A client of the envelope framing; replies are parsed by the full name they carry. */
    static ProtobufClient envelope(GevServer server) throws IOException {
        return new ProtobufClient(connect(server), ProtobufFraming.ENVELOPE, null);
    }

    /** A client of the varint framing whose replies are all of {@code replyType}'s type. */
    static ProtobufClient varint(GevServer server, Message replyType) throws IOException {
        return new ProtobufClient(connect(server), ProtobufFraming.VARINT, replyType);
    }

    /** A client of {@code framing}; varint replies are of {@code varintReplyType}'s type. */
    static ProtobufClient of(ProtobufFraming framing, GevServer server, Message varintReplyType) throws IOException {
        return framing == ProtobufFraming.ENVELOPE ? envelope(server) : varint(server, varintReplyType);
    }

    private static Socket connect(GevServer server) throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        return socket;
    }

    /** Frames every message and sends them all in one write: pipelined requests. */
    void send(Message... messages) throws IOException {
        write(messages);
        out.flush();
    }

    /** Frames every message into the output buffer; {@link #sendRaw} or {@link #send} sends it. */
    void write(Message... messages) throws IOException {
        for (Message m : messages) {
            if (framing == ProtobufFraming.ENVELOPE) {
                byte[] name = m.getDescriptorForType().getFullName().getBytes(StandardCharsets.UTF_8);
                byte[] payload = m.toByteArray();
                out.writeInt(2 + name.length + payload.length);
                out.writeShort(name.length);
                out.write(name);
                out.write(payload);
            } else {
                m.writeDelimitedTo(out);
            }
        }
    }

    /** Sends whatever {@link #write} buffered, then {@code bytes} as they are, in one write. */
    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next message from the server. */
    Message receive() throws IOException {
        if (framing == ProtobufFraming.VARINT) {
            Message m = varintReplies.getParserForType().parseDelimitedFrom(in);
            if (m == null) {
                throw new EOFException("the server closed the connection");
            }
            return m;
        }
        int length = in.readInt();
        byte[] name = new byte[in.readUnsignedShort()];
        in.readFully(name);
        byte[] payload = new byte[length - 2 - name.length];
        in.readFully(payload);
        String type = new String(name, StandardCharsets.UTF_8);
        Message prototype = KNOWN.get(type);
        if (prototype == null) {
            throw new InvalidProtocolBufferException("reply of unknown type " + type);
        }
        return prototype.getParserForType().parseFrom(payload);
    }

    /** Whether the server closed the connection with nothing more to read (an orderly end of stream). */
    boolean closedByServer() throws IOException {
        return in.read() == -1;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
