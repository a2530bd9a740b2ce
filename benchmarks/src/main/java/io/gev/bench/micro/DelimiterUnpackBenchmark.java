package io.gev.bench.micro;

import io.gev.Connection;
import io.gev.Protocol;
import io.gev.codec.DelimiterProtocol;

/** {@link DelimiterProtocol#lines} unpacking LF-terminated lines: a scan for the delimiter, then a copy of the line. */
public class DelimiterUnpackBenchmark extends UnpackBenchmark {

    @Override
    protected Protocol protocol() {
        return DelimiterProtocol.lines(1 << 20, false);
    }

    @Override
    protected byte[] frame(Protocol protocol, Connection connection) {
        return protocol.pack(connection, Payloads.ascii(payload));
    }
}
