package io.gev.samples.protobuf;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.gev.samples.protobuf.messages.msg1;
import io.gev.samples.protobuf.messages.msg2;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A small client of the protobuf server, speaking gev's envelope: a 4-byte length of what follows, a 2-byte type-name
 * length, the type name, the payload. Run it with a text to send: it prints the typed reply.
 */
public final class ProtobufClient implements AutoCloseable {

    private final Socket socket;
    private final DataOutputStream out;
    private final DataInputStream in;

    public ProtobufClient(String host, int port) throws IOException {
        this.socket = new Socket(host, port);
        this.socket.setSoTimeout(10_000);
        this.out = new DataOutputStream(socket.getOutputStream());
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Sends {@code message} in an envelope. */
    public void send(Message message) throws IOException {
        byte[] name = message.getDescriptorForType().getFullName().getBytes(StandardCharsets.UTF_8);
        byte[] payload = message.toByteArray();
        out.writeInt(2 + name.length + payload.length);
        out.writeShort(name.length);
        out.write(name);
        out.write(payload);
        out.flush();
    }

    /** Reads the next envelope and parses it by its type name. */
    public Message receive() throws IOException {
        byte[] frame = new byte[in.readInt()];
        in.readFully(frame);
        int nameLength = ((frame[0] & 0xFF) << 8) | (frame[1] & 0xFF);
        String name = new String(frame, 2, nameLength, StandardCharsets.UTF_8);
        byte[] payload = java.util.Arrays.copyOfRange(frame, 2 + nameLength, frame.length);
        return parse(name, payload);
    }

    private static Message parse(String name, byte[] payload) throws InvalidProtocolBufferException {
        if (name.equals(msg1.getDescriptor().getFullName())) {
            return msg1.parseFrom(payload);
        }
        if (name.equals(msg2.getDescriptor().getFullName())) {
            return msg2.parseFrom(payload);
        }
        throw new InvalidProtocolBufferException("unknown type " + name);
    }

    /** Sends {@code request} and returns the reply. */
    public Message call(Message request) throws IOException {
        send(request);
        return receive();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** {@code ProtobufClient [host] [port] text...}: sends the text as a msg1, then the words back as a msg2. */
    public static void main(String[] args) throws IOException {
        String host = System.getProperty("gev.host", "127.0.0.1");
        int port = Integer.getInteger("gev.port", 1833);
        String text = args.length == 0 ? "hello from the gev protobuf client" : String.join(" ", args);
        try (ProtobufClient client = new ProtobufClient(host, port)) {
            Message words = client.call(msg1.newBuilder().setValue(text).build());
            System.out.println("msg1 -> " + words.getDescriptorForType().getFullName() + " " + words);
            Message joined = client.call(words);
            System.out.println("msg2 -> " + joined.getDescriptorForType().getFullName() + " " + joined);
        }
    }
}
