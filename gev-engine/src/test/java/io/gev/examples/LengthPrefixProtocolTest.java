package io.gev.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.gev.GevServer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The protocol example of docs/protocols.md works as printed, with lengths past 32,767 and string replies. */
class LengthPrefixProtocolTest {

    @Test
    void framesOfEveryLengthComeBackAndTextRepliesArePacked() throws Exception {
        GevServer server = GevServer.builder((c, x, data) -> data.length == 1 ? "text reply" : data)
                .protocol(new LengthPrefixProtocol()).address("127.0.0.1", 0).loops(1).build();
        server.start();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] big = new byte[40_000];                 // its length reads as -25,536 through a signed short
            Arrays.fill(big, (byte) 7);
            for (byte[] payload : new byte[][] {big, {1}, new byte[0]}) {
                out.writeShort(payload.length);
                out.write(payload);
            }
            out.flush();
            assertThat(in.readUnsignedShort()).isEqualTo(40_000);
            byte[] echoed = new byte[40_000];
            in.readFully(echoed);
            assertThat(echoed).isEqualTo(big);
            byte[] text = new byte[in.readUnsignedShort()];
            in.readFully(text);
            assertThat(new String(text, StandardCharsets.UTF_8)).isEqualTo("text reply");
            assertThat(in.readUnsignedShort()).isZero();
            out.writeShort(61_000);                        // over the maximum: the connection is closed
            out.flush();
            assertThat(in.read()).isEqualTo(-1);
        } finally {
            server.stop();
        }
        assertThat(server.stats().protocolErrors()).isEqualTo(1);
    }
}
