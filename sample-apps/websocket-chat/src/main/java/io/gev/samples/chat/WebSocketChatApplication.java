package io.gev.samples.chat;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** A chat room on gev's WebSocket server: the page and the WebSockets share {@code gev.port}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WebSocketChatApplication {

    public static void main(String[] args) {
        SpringApplication.run(WebSocketChatApplication.class, args);
    }
}
