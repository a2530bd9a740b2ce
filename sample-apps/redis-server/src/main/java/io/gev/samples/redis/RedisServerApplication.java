package io.gev.samples.redis;

import io.gev.GevServer;
import io.gev.spring.autoconfigure.GevServers;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.util.function.SingletonSupplier;

/**
 * A Redis-compatible (RESP2) key-value server as a Spring Boot application: TCP on {@code gev.port}, framed by
 * {@link RespProtocol}, served by {@link RedisHandler}.
 */
@SpringBootApplication
@EnableConfigurationProperties(RespLimits.class)
public class RedisServerApplication {

    public static void main(String[] args) {
        SpringApplication.run(RedisServerApplication.class, args);
    }

    /** The clients connected to any loop, for {@code CLIENT LIST}. */
    @Bean
    Clients clients() {
        return new Clients();
    }

    /**
     * The keyspace every connection shares. Its expiry timers ride the default gev server's timing wheels; the server
     * (built from the handler, which needs the keyspace) is looked up when the first timer is scheduled, by which time
     * it is running.
     */
    @Bean
    Keyspace keyspace(ObjectProvider<GevServers> servers) {
        Supplier<GevServer> server = SingletonSupplier.of(() -> servers.getObject().get(""));
        return new Keyspace((delay, task) -> server.get().runAfter(delay, task));
    }

    /** Every command the server knows. */
    @Bean
    CommandTable commandTable(Keyspace keyspace, Clients clients) {
        return RedisCommands.table(keyspace, clients);
    }
}
