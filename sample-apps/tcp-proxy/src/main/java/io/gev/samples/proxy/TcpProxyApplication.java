package io.gev.samples.proxy;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** A small L4 load balancer on gev: clients on {@code gev.port}, relayed to one of {@code proxy.upstreams}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TcpProxyApplication {

    public static void main(String[] args) {
        SpringApplication.run(TcpProxyApplication.class, args);
    }
}
