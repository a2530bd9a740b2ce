package io.gev.websocket;

import static io.gev.websocket.RawClient.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.gev.GevServer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Negotiation of permessage-deflate (RFC 7692, section 7.1) over raw sockets: each parameter form, several offers
 * (the first acceptable wins), offers refused cleanly (101 without the extension). Each case then proves the outcome
 * on the wire: with the extension a compressed "Hello" (RSV1) is echoed, without it RSV1 closes with 1002.
 */
class CompressionHandshakeTest {

    private static final Pattern EXTENSIONS = Pattern.compile("\r\nSec-WebSocket-Extensions: ([^\r]*)\r\n");
    /** "Hello" compressed (RFC 7692, section 7.2.3.1), in a final text frame with RSV1. */
    private static final byte[] HELLO = hex("f248cdc9c90700");

    private static GevServer server;
    private static GevServer noContext;
    private static GevServer disabled;

    @BeforeAll
    static void start() {
        server = EchoHandler.start(WebSocketOptions.defaults());
        noContext = EchoHandler.start(
                WebSocketOptions.builder().serverNoContextTakeover(true).clientNoContextTakeover(true).build());
        disabled = EchoHandler.start(WebSocketOptions.builder().compression(false).build());
    }

    @AfterAll
    static void stop() {
        server.close();
        noContext.close();
        disabled.close();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "permessage-deflate                                      | permessage-deflate",
        "permessage-deflate; client_max_window_bits              | permessage-deflate",
        "permessage-deflate; client_max_window_bits=10           | permessage-deflate",
        "permessage-deflate; client_max_window_bits=\"8\"        | permessage-deflate",
        "permessage-deflate; server_no_context_takeover          | permessage-deflate; server_no_context_takeover",
        "permessage-deflate; client_no_context_takeover          | permessage-deflate",
        "permessage-deflate; server_max_window_bits=15           | permessage-deflate; server_max_window_bits=15",
        "permessage-deflate; server_max_window_bits=9            | permessage-deflate; server_max_window_bits=9",
        "permessage-deflate; server_max_window_bits=8; client_max_window_bits; server_no_context_takeover; "
                + "client_no_context_takeover | permessage-deflate; server_no_context_takeover; "
                + "server_max_window_bits=8",
        "PerMessage-Deflate ;Server_No_Context_Takeover          | permessage-deflate; server_no_context_takeover",
        "x-webkit-deflate-frame, permessage-deflate              | permessage-deflate",
        "permessage-deflate; server_max_window_bits=7, permessage-deflate; client_max_window_bits "
                + "| permessage-deflate",
        "permessage-deflate; server_max_window_bits=9; server_no_context_takeover, permessage-deflate "
                + "| permessage-deflate; server_no_context_takeover; server_max_window_bits=9",
        "permessage-deflate; foo=bar, permessage-deflate; server_no_context_takeover "
                + "| permessage-deflate; server_no_context_takeover",
        // refused: answered without the extension
        "permessage-deflate; foo                                 | -",
        "permessage-deflate; server_no_context_takeover; server_no_context_takeover | -",
        "permessage-deflate; server_no_context_takeover=1        | -",
        "permessage-deflate; client_no_context_takeover=true     | -",
        "permessage-deflate; server_max_window_bits              | -",
        "permessage-deflate; server_max_window_bits=16           | -",
        "permessage-deflate; server_max_window_bits=7            | -",
        "permessage-deflate; server_max_window_bits=08           | -",
        "permessage-deflate; client_max_window_bits=abc          | -",
        "permessage-deflate; client_max_window_bits=1 5          | -",
        "permessage-deflate; \"quoted\"                          | -",
        "permessage-deflate; client_max_window_bits=\"10         | -",
        "x-webkit-deflate-frame                                  | -",
        ";permessage-deflate                                     | -",
    })
    void anOfferIsAgreedOrRefusedCleanly(String offer, String expected) throws Exception {
        expectAgreement(server, expected, "Sec-WebSocket-Extensions: " + offer + "\r\n");
    }

    @Test
    void theServersOwnNoContextSettingsAreAnswered() throws Exception {
        expectAgreement(noContext, "permessage-deflate; server_no_context_takeover; client_no_context_takeover",
                "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n");
    }

    @Test
    void offersSpreadOverRepeatedHeadersAreReadInOrder() throws Exception {
        expectAgreement(server, "permessage-deflate; server_no_context_takeover",
                "Sec-WebSocket-Extensions: x-unknown\r\n",
                "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover\r\n");
    }

    @Test
    void withCompressionOffEveryOfferIsRefused() throws Exception {
        expectAgreement(disabled, "-", "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n");
    }

    @Test
    void withoutAnOfferNothingIsAgreed() throws Exception {
        expectAgreement(server, "-");
    }

    /**
     * Upgrades with {@code headers}; asserts the 101 answer carries {@code expected} ("-": no extension), then that the
     * frames agree with it.
     */
    private static void expectAgreement(GevServer target, String expected, String... headers) throws Exception {
        try (RawClient client = RawClient.connect(target)) {
            String head = client.request(RawClient.upgradeRequest("/", headers));
            assertThat(head).startsWith("HTTP/1.1 101 Switching Protocols\r\n");
            client.write(client.frame(0xC1, HELLO));
            if (expected.equals("-")) {
                assertThat(head).doesNotContainIgnoringCase("Sec-WebSocket-Extensions");
                client.expectCloseAndEnd(1002);
            } else {
                Matcher extensions = EXTENSIONS.matcher(head);
                assertThat(extensions.find()).as(head).isTrue();
                assertThat(extensions.group(1)).isEqualTo(expected);
                client.expectText("Hello"); // shorter than the 64-byte minimum: echoed uncompressed
            }
        }
    }
}
