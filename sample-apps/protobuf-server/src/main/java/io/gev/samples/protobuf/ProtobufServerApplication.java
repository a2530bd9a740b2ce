package io.gev.samples.protobuf;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Typed protobuf request/response over gev's envelope framing (the framing follows the handler's type). */
@SpringBootApplication
public class ProtobufServerApplication {

    public static void main(String[] args) {
        SpringApplication.run(ProtobufServerApplication.class, args);
    }
}
