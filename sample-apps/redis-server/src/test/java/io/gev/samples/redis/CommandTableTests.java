package io.gev.samples.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.gev.buffer.RingBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Looking commands up by a name where it arrived: any case, any length, names across the ring buffer's end. */
class CommandTableTests {

    private static final List<String> NAMES = List.of("X", "TTL", "GET", "SET", "DEL", "PING", "ECHO", "MGET", "MSET",
            "HELLO", "EXISTS", "EXPIRE", "PEXPIRE", "FLUSHALL", "GETRANGE", "BGREWRITEAOF");

    private final CommandTable table = table();

    @Test
    void everyNameIsFoundInAnyCaseWhereverItSitsInTheBuffer() {
        for (String name : NAMES) {
            for (String sent : List.of(name, name.toLowerCase(), mixedCase(name))) {
                for (int shift = 0; shift < 80; shift += 7) {
                    assertThat(find(sent, shift)).as("%s at %d", sent, shift).isNotNull()
                            .extracting(Command::name).isEqualTo(name);
                }
            }
        }
    }

    @Test
    void aNameThatDiffersInLengthOrInAByteIsNotFound() {
        for (String sent : List.of("", "GE", "GETT", "PIN", "PINGG", "PONG", "SEt ", "G\0T", "\0GET", "HELL0",
                "FLUSHAL", "FLUSHALLL", "BGREWRITEAOX", "PING\r\n", "MGET\0\0\0\0")) {
            assertThat(find(sent, 3)).as("'%s'", sent).isNull();
            assertThat(table.find(sent.getBytes(StandardCharsets.ISO_8859_1))).as("'%s' as an array", sent).isNull();
        }
    }

    /** The command named by {@code sent}, looked up where it sits after {@code shift} bytes consumed from a buffer. */
    private Command find(String sent, int shift) {
        RingBuffer in = new RingBuffer(64);
        in.write(new byte[shift]);
        in.retrieve(shift);
        byte[] bytes = sent.getBytes(StandardCharsets.ISO_8859_1);
        in.write(bytes);
        in.write(new byte[] { '\r', '\n' });
        return table.find(in, 0, bytes.length);
    }

    private static String mixedCase(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            out.append(i % 2 == 0 ? Character.toLowerCase(c) : c);
        }
        return out.toString();
    }

    private static CommandTable table() {
        CommandTable table = new CommandTable();
        for (String name : NAMES) {
            table.add(name, -1, "fast", 0, 0, 0, (client, request) -> RespReply.OK);
        }
        return table;
    }
}
