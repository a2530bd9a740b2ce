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
        Supplier<GevServer> server = defaultServer(servers);
        return new Keyspace((delay, task) -> server.get().runAfter(delay, task));
    }

    /** Every command the server knows. */
    @Bean
    CommandTable commandTable(Keyspace keyspace, Clients clients, ServerConfig config, ServerInfo info) {
        return RedisCommands.table(keyspace, clients, config, info);
    }

    /**
     * The parameters of {@code CONFIG GET/SET}: the sample's own ({@code save}, kept for clients that ask, and the
     * fixed {@code port}, {@code databases}, {@code maxmemory}); other beans register theirs.
     */
    @Bean
    ServerConfig serverConfig(ObjectProvider<GevServers> servers) {
        Supplier<GevServer> server = defaultServer(servers);
        ServerConfig config = new ServerConfig();
        SaveParameter save = new SaveParameter();
        config.register("save", save::get, save::set);
        config.register("port", () -> Integer.toString(server.get().port()), null);
        config.registerFixed("databases", "1");
        config.registerFixed("maxmemory", "0");
        config.registerFixed("appendonly", "no");
        return config;
    }

    /** What {@code INFO} reports: the sample's sections and those of every {@link InfoSection} bean. */
    @Bean
    ServerInfo serverInfo(Keyspace keyspace, ObjectProvider<GevServers> servers, ObjectProvider<InfoSection> sections) {
        return new ServerInfo(keyspace, defaultServer(servers), sections.orderedStream().toList());
    }

    /** The default gev server, looked up when first used, by which time it is running. */
    private static Supplier<GevServer> defaultServer(ObjectProvider<GevServers> servers) {
        return SingletonSupplier.of(() -> servers.getObject().get(""));
    }
}
