package io.gev.samples.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * {@code HELLO}, {@code AUTH}, {@code SELECT}, {@code RESET} and {@code CLIENT} over plain sockets, byte for byte as
 * Redis 7 answers them (checked against redis-server 7.0; {@code CLIENT SETINFO} as Redis 7.2 has it), in RESP2 and
 * RESP3; every error leaves the connection open.
 */
@SpringBootTest(properties = { "gev.port=0", "gev.host=127.0.0.1" })
@Timeout(60)
class ConnectionCommandsTests {

    @Value("${local.gev.port}")
    int port;

    @Test
    void helloSwitchesBetweenResp2AndResp3AndRepliesInTheNewProtocol() throws IOException {
        try (RespConnection connection = new RespConnection(port)) {
            long id = clientId(connection);
            connection.send("HELLO\r\n");
            connection.expect(hello2(id));
            connection.send("HELLO 3\r\nGET hello:none\r\nHELLO\r\n");
            connection.expect(hello3(id) + "_\r\n" + hello3(id));
            connection.send("HELLO 2\r\nGET hello:none\r\n");
            connection.expect(hello2(id) + "$-1\r\n");
            // pipelined in one write: each reply is encoded in the protocol in force when its command ran
            connection.send("GET hello:none\r\nHELLO 3\r\nGET hello:none\r\nHELLO 2\r\nGET hello:none\r\n");
            connection.expect("$-1\r\n" + hello3(id) + "_\r\n" + hello2(id) + "$-1\r\n");
        }
    }

    @Test
    void helloRefusesBadVersionsAndOptionsAsRedisDoes() throws IOException {
        try (RespConnection connection = new RespConnection(port)) {
            long id = clientId(connection);
            for (String version : new String[] {"4", "1", "0", "-1"}) {
                connection.send("HELLO " + version + " SETNAME \"a b\"\r\n");
                connection.expect("-NOPROTO unsupported protocol version\r\n");
            }
            for (String version : new String[] {"abc", "3.0", "03", "+3", "-0", "99999999999999999999"}) {
                connection.send("HELLO " + version + "\r\n");
                connection.expect("-ERR Protocol version is not an integer or out of range\r\n");
            }
            connection.send("HELLO 3 AUTH default\r\nHELLO 3 SETNAME\r\nHELLO 2 setname x extra\r\n");
            connection.expect("-ERR Syntax error in HELLO option 'AUTH'\r\n-ERR Syntax error in HELLO option "
                    + "'SETNAME'\r\n-ERR Syntax error in HELLO option 'extra'\r\n");
            connection.send("*3\r\n$5\r\nHELLO\r\n$1\r\n3\r\n$4\r\nF\0OO\r\n");
            connection.expect("-ERR Syntax error in HELLO option 'F'\r\n");
            connection.send("HELLO 3 AUTH bob pass SETNAME n\r\nHELLO 3 AUTH DEFAULT p\r\n");
            connection.expect(WRONGPASS + WRONGPASS);
            connection.send("HELLO 3 SETNAME \"my name\"\r\nCLIENT GETNAME\r\n");
            connection.expect(BAD_NAME + "$1\r\nx\r\n"); // the name the option before 'extra' set
            // options act in order: the name is set before the bad option is seen; the protocol stays RESP2
            connection.send("HELLO 3 SETNAME n1 FOO\r\nCLIENT GETNAME\r\nGET hello:none\r\n");
            connection.expect("-ERR Syntax error in HELLO option 'FOO'\r\n$2\r\nn1\r\n$-1\r\n");
            connection.send("hello 3 auth default any-password setname n2 SETNAME n3\r\nCLIENT GETNAME\r\n");
            connection.expect(hello3(id) + "$2\r\nn3\r\n");
            connection.send("HELLO 3 SETNAME \"\"\r\nCLIENT GETNAME\r\n");
            connection.expect(hello3(id) + "_\r\n");
        }
    }

    @Test
    void authSelectAndResetBehaveAsRedisWithoutPasswordsAndWithOneDatabase() throws IOException {
        try (RespConnection connection = new RespConnection(port)) {
            connection.send("AUTH x\r\nAUTH x y\r\nAUTH default y\r\nAUTH\r\nAUTH a b c\r\n");
            connection.expect("-ERR AUTH <password> called without any password configured for the default user. "
                    + "Are you sure your configuration is correct?\r\n" + WRONGPASS + "+OK\r\n"
                    + "-ERR wrong number of arguments for 'auth' command\r\n-ERR syntax error\r\n");
            connection.send("SELECT 0\r\nSELECT 1\r\nSELECT -1\r\nSELECT x\r\nSELECT 00\r\nSELECT\r\n");
            connection.expect("+OK\r\n-ERR DB index is out of range\r\n-ERR DB index is out of range\r\n"
                    + "-ERR value is not an integer or out of range\r\n-ERR value is not an integer or out of range\r\n"
                    + "-ERR wrong number of arguments for 'select' command\r\n");
            long id = clientId(connection);
            connection.send("HELLO 3 SETNAME foo\r\nRESET\r\nCLIENT GETNAME\r\nGET reset:none\r\nRESET x\r\n");
            connection.expect(hello3(id) + "+RESET\r\n$-1\r\n$-1\r\n"
                    + "-ERR wrong number of arguments for 'reset' command\r\n");
        }
    }

    @Test
    void clientNamesAreCheckedAsRedisChecksThem() throws IOException {
        try (RespConnection connection = new RespConnection(port)) {
            connection.send("CLIENT GETNAME\r\nCLIENT SETNAME a!b~\r\nclient getname\r\n");
            connection.expect("$-1\r\n+OK\r\n$4\r\na!b~\r\n");
            for (String name : new String[] {"\"a b\"", "\"a\\nb\"", "\"a\\x7fb\"", "\"a\\x1fb\"", "\"a\\x80b\""}) {
                connection.send("CLIENT SETNAME " + name + "\r\n");
                connection.expect(BAD_NAME);
            }
            connection.send("CLIENT GETNAME\r\nCLIENT SETNAME \"\"\r\nCLIENT GETNAME\r\n");
            connection.expect("$4\r\na!b~\r\n+OK\r\n$-1\r\n");
            connection.send("CLIENT SETNAME\r\nCLIENT SETNAME a b\r\nCLIENT ID x\r\nCLIENT GETNAME x\r\n");
            connection.expect(wrongArity("client|setname") + wrongArity("client|setname") + wrongArity("client|id")
                    + wrongArity("client|getname"));
        }
    }

    @Test
    void clientSetinfoKeepsTheLibraryThatClientInfoShows() throws IOException {
        try (RespConnection connection = new RespConnection(port)) {
            connection.send("CLIENT SETINFO lib-name redis-py\r\nCLIENT SETINFO LIB-VER 8.1.0\r\n");
            connection.expect("+OK\r\n+OK\r\n");
            connection.send("CLIENT SETINFO lib-name \"a b\"\r\nCLIENT SETINFO Lib-Ver \"1\\n\"\r\n"
                    + "CLIENT SETINFO foo bar\r\nCLIENT SETINFO lib-name\r\n");
            connection.expect("-ERR lib-name cannot contain spaces, newlines or special characters.\r\n"
                    + "-ERR Lib-Ver cannot contain spaces, newlines or special characters.\r\n"
                    + "-ERR Unrecognized option 'foo'\r\n" + wrongArity("client|setinfo"));
            String info = bulk(connection, "CLIENT INFO\r\n");
            assertThat(info).matches("id=\\d+ addr=127\\.0\\.0\\.1:\\d+ laddr=127\\.0\\.0\\.1:" + port
                    + " name= age=\\d+ idle=0 flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 cmd=client\\|info"
                    + " user=default redir=-1 resp=2 lib-name=redis-py lib-ver=8\\.1\\.0\n");
        }
    }

    @Test
    void clientListShowsEveryConnectionAndClientInfoIsVerbatimInResp3() throws IOException {
        try (RespConnection first = new RespConnection(port); RespConnection second = new RespConnection(port)) {
            long firstId = clientId(first);
            long secondId = clientId(second);
            second.send("CLIENT SETNAME second\r\n");
            second.expect("+OK\r\n");
            String all = bulk(first, "CLIENT LIST\r\n");
            assertThat(all).contains("id=" + firstId + " ").contains("id=" + secondId + " ")
                    .containsPattern("id=" + secondId + " [^\n]* name=second [^\n]* cmd=client\\|setname ")
                    .containsPattern("id=" + firstId + " [^\n]* cmd=client\\|list ").endsWith("\n");
            // by id: the order the server registered them in (two loops may register two connections either way)
            assertThat(all.indexOf("id=" + Math.min(firstId, secondId) + " "))
                    .isLessThan(all.indexOf("id=" + Math.max(firstId, secondId) + " "));
            String listed = bulk(first, "CLIENT LIST ID " + secondId + " 999999999 " + firstId + "\r\n");
            assertThat(listed.split("\n")).hasSize(2);
            assertThat(listed).startsWith("id=" + secondId + " ").contains("\nid=" + firstId + " ");
            first.send("CLIENT LIST TYPE master\r\nCLIENT LIST TYPE x\r\nCLIENT LIST ID x\r\nCLIENT LIST x\r\n");
            first.expect("$0\r\n\r\n-ERR Unknown client type 'x'\r\n-ERR Invalid client ID\r\n-ERR syntax error\r\n");

            first.send("HELLO 3\r\nCLIENT INFO\r\n");
            first.expect(hello3(firstId));
            String header = first.receive(4);
            assertThat(header).matches("=\\d\\d\\d");
            String verbatim = first.receive(Integer.parseInt(header.substring(1)) + 4);
            assertThat(verbatim).startsWith("\r\ntxt:id=" + firstId + " ").endsWith(" resp=3 lib-name= lib-ver=\n\r\n");
        }
        try (RespConnection third = new RespConnection(port)) {
            // a closed connection leaves the list once the server has seen it close
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(bulk(third, "CLIENT LIST\r\n"))
                    .doesNotContain("name=second "));
        }
    }

    @Test
    void unknownSubcommandsAndCommandsGetRedisErrorsAndTheConnectionStaysOpen() throws IOException {
        try (RespConnection connection = new RespConnection(port)) {
            connection.send("CLIENT foo bar\r\nclient\r\nCLIENT \"a\\nb\"\r\n*2\r\n$6\r\nCLIENT\r\n$3\r\na\0b\r\n");
            connection.expect("-ERR unknown subcommand 'foo'. Try CLIENT HELP.\r\n" + wrongArity("client")
                    + "-ERR unknown subcommand 'a b'. Try CLIENT HELP.\r\n"
                    + "-ERR unknown subcommand 'a'. Try CLIENT HELP.\r\n");
            connection.send("X\r\nAB cd\r\nFOOBA a b c\r\n*3\r\n$1\r\nx\r\n$3\r\na b\r\n$0\r\n\r\n");
            connection.expect("-ERR unknown command 'X', with args beginning with: \r\n"
                    + "-ERR unknown command 'AB', with args beginning with: 'cd' \r\n"
                    + "-ERR unknown command 'FOOBA', with args beginning with: 'a' 'b' 'c' \r\n"
                    + "-ERR unknown command 'x', with args beginning with: 'a b' '' \r\n");
            connection.send("*3\r\n$4\r\nfo\0o\r\n$3\r\na\0b\r\n$3\r\nc\nd\r\n");
            connection.expect("-ERR unknown command 'fo', with args beginning with: 'a' 'c d' \r\n");
            // the arguments are quoted while the list is under 128 characters, the last one cut to fit
            String y = "y".repeat(120);
            connection.send(RedisTools.multibulk("x".repeat(200), y, "z".repeat(20), "w"));
            connection.expect("-ERR unknown command '" + "x".repeat(128) + "', with args beginning with: '" + y
                    + "' 'zzzzz' \r\n");
            connection.send("HELP\r\nPING\r\n");
            connection.expect("-ERR unknown command 'HELP', with args beginning with: \r\n+PONG\r\n");
        }
    }

    private static final String WRONGPASS = "-WRONGPASS invalid username-password pair or user is disabled.\r\n";
    private static final String BAD_NAME =
            "-ERR Client names cannot contain spaces, newlines or special characters.\r\n";

    private static String wrongArity(String command) {
        return "-ERR wrong number of arguments for '" + command + "' command\r\n";
    }

    private static long clientId(RespConnection connection) throws IOException {
        connection.send("CLIENT ID\r\n");
        String line = readLine(connection);
        assertThat(line).matches(":\\d+");
        return Long.parseLong(line.substring(1));
    }

    /** Sends {@code request} and returns the bulk string of its reply (RESP2). */
    private static String bulk(RespConnection connection, String request) throws IOException {
        connection.send(request);
        String header = readLine(connection);
        assertThat(header).matches("\\$\\d+");
        String body = connection.receive(Integer.parseInt(header.substring(1)) + 2);
        assertThat(body).endsWith("\r\n");
        return body.substring(0, body.length() - 2);
    }

    private static String readLine(RespConnection connection) throws IOException {
        StringBuilder line = new StringBuilder();
        while (line.length() < 2 || !Pattern.matches("(?s).*\r\n", line)) {
            line.append(connection.receive(1));
        }
        return line.substring(0, line.length() - 2);
    }

    private static String hello2(long id) {
        return "*14\r\n" + helloFields(2, id);
    }

    private static String hello3(long id) {
        return "%7\r\n" + helloFields(3, id);
    }

    private static String helloFields(int protocol, long id) {
        return "$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$5\r\n7.0.0\r\n$5\r\nproto\r\n:" + protocol
                + "\r\n$2\r\nid\r\n:" + id + "\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n"
                + "$7\r\nmodules\r\n*0\r\n";
    }
}
