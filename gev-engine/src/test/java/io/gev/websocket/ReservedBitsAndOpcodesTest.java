package io.gev.websocket;

import static io.gev.websocket.RawClient.concat;
import static io.gev.websocket.RawClient.utf8;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Autobahn 3.x and 4.x: a reserved bit or a reserved opcode fails the connection with 1002; what came before it is
 * answered, what came after it is not.
 */
class ReservedBitsAndOpcodesTest extends EchoServerCase {

    @ParameterizedTest(name = "first byte {0}")
    @ValueSource(ints = {0xC1, 0xA1, 0x91, 0xF1, 0xC2, 0xA2, 0xD9, 0xB9, 0x99, 0xCA, 0xC8})
    void aReservedBitFailsTheConnection(int b0) throws Exception {
        expectEchoThenProtocolError(b0);
    }

    @ParameterizedTest(name = "opcode {0}")
    @ValueSource(ints = {3, 4, 5, 6, 7, 11, 12, 13, 14, 15})
    void aReservedOpcodeFailsTheConnection(int opcode) throws Exception {
        expectEchoThenProtocolError(0x80 | opcode);
    }

    @ParameterizedTest(name = "opcode {0} without FIN")
    @ValueSource(ints = {3, 7, 11, 15})
    void aReservedOpcodeFailsTheConnectionWithoutFinToo(int opcode) throws Exception {
        expectEchoThenProtocolError(opcode);
    }

    /** Sends a text, the bad frame and a ping in one write: expects the echo, then close 1002 and the end. */
    private static void expectEchoThenProtocolError(int b0) throws Exception {
        try (RawClient client = RawClient.open(server)) {
            client.write(concat(client.frame(0x81, utf8("before")),
                    client.frame(b0, utf8("bad")),
                    client.frame(0x89, utf8("after"))));
            client.expectText("before");
            client.expectCloseAndEnd(1002);
        }
    }
}
