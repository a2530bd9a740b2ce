package io.gev.bench.micro;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.Message;
import io.gev.Connection;
import io.gev.Protocol;
import io.gev.protobuf.ProtobufFraming;
import io.gev.protobuf.ProtobufHandler;
import java.util.List;
import org.openjdk.jmh.annotations.Param;

/**
 * The protobuf framings unpacking {@code google.protobuf.BytesValue} messages whose value is {@code payload} bytes:
 * {@code ENVELOPE} (length, type name looked up in the input buffer, message) or {@code VARINT} (varint length,
 * message); each frame's message is parsed, so a score includes protobuf-java's parse.
 */
public class ProtobufUnpackBenchmark extends UnpackBenchmark {

    @Param({"ENVELOPE", "VARINT"})
    public ProtobufFraming framing;

    @Override
    protected Protocol protocol() {
        return framing.protocol(new BytesValueHandler(), 1 << 20);
    }

    @Override
    protected byte[] frame(Protocol protocol, Connection connection) {
        return protocol.pack(connection, BytesValue.of(ByteString.copyFrom(Payloads.ascii(payload))));
    }

    /** Accepts {@code BytesValue} messages; the benchmark never hands it one. */
    private static final class BytesValueHandler implements ProtobufHandler {

        @Override
        public List<Message> messageTypes() {
            return List.of(BytesValue.getDefaultInstance());
        }

        @Override
        public Object onMessage(Connection connection, Message message) {
            throw new UnsupportedOperationException("the benchmark unpacks without handling");
        }
    }
}
