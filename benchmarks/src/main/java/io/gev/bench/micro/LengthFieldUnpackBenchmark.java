package io.gev.bench.micro;

import io.gev.Connection;
import io.gev.Protocol;
import io.gev.codec.LengthFieldProtocol;

/**
 * {@link LengthFieldProtocol} with the builder's defaults (a 4-byte big-endian length of the payload, stripped): a
 * header read, then a copy of the payload.
 */
public class LengthFieldUnpackBenchmark extends UnpackBenchmark {

    @Override
    protected Protocol protocol() {
        return LengthFieldProtocol.builder().build();
    }

    @Override
    protected byte[] frame(Protocol protocol, Connection connection) {
        return protocol.pack(connection, Payloads.ascii(payload));
    }
}
