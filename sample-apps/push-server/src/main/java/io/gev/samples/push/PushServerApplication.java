package io.gev.samples.push;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** gev's server timing push as a Spring Boot application: a line to every client on {@code gev.port}, on a timer. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PushServerApplication {

    public static void main(String[] args) {
        SpringApplication.run(PushServerApplication.class, args);
    }
}
