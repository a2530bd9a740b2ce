package io.gev.websocket;

import io.gev.GevServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Test classes that talk to one default echo server, started before their tests and stopped after. */
abstract class EchoServerCase {

    static GevServer server;

    @BeforeAll
    static void startEchoServer() {
        server = EchoHandler.start();
    }

    @AfterAll
    static void stopEchoServer() {
        server.close();
    }
}
