package io.gev.samples.echo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A gev echo server as a Spring Boot application: TCP on {@code gev.port}, Actuator over HTTP on {@code server.port}. */
@SpringBootApplication
public class EchoServerApplication {

    public static void main(String[] args) {
        SpringApplication.run(EchoServerApplication.class, args);
    }
}
