package io.gev.samples.proxy;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** A TCP proxy on gev: clients on {@code gev.port}, relayed to {@code proxy.upstream-*}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TcpProxyApplication {

    public static void main(String[] args) {
        SpringApplication.run(TcpProxyApplication.class, args);
    }
}
