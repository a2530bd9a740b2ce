package io.gev.samples.redis;

import io.gev.GevServer;
import io.gev.spring.autoconfigure.GevServers;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.util.function.SingletonSupplier;

/**
 * A Redis-compatible key-value server as a Spring Boot application: TCP on {@code gev.port}, framed by
 * {@link RespProtocol}, served by {@link RedisHandler}, persisted in an append-only file by {@link Persistence} when
 * {@code redis.appendonly} is on.
 */
@SpringBootApplication
@EnableConfigurationProperties({ RespLimits.class, AofSettings.class })
public class RedisServerApplication {

    /**
     * Starts the server; takes Spring's arguments ({@code --redis.appendonly=yes}) and redis-server's (see
     * {@link RedisArguments}).
     */
    public static void main(String[] args) {
        SpringApplication.run(RedisServerApplication.class, RedisArguments.toSpring(args));
    }

    /** The clients connected to any loop, for {@code CLIENT LIST}. */
    @Bean
    Clients clients() {
        return new Clients();
    }

    /**
     * The keyspace's expiry timers, on the default gev server's timing wheels once it runs (the server, built from the
     * handler, which needs the keyspace, is looked up then); those the append-only file's replay asks for are kept
     * until then.
     */
    @Bean
    ExpiryTimers expiryTimers(GevServers servers) {
        return new ExpiryTimers(defaultServer(servers));
    }

    /** The keyspace every connection shares. */
    @Bean
    RecentClock recentClock(ExpiryTimers timers) {
        return new RecentClock(timers);
    }

    @Bean
    Keyspace keyspace(ExpiryTimers timers) {
        return new Keyspace(timers);
    }

    /** The loops' side of the append-only file; idle while {@code redis.appendonly} is off. */
    @Bean
    AppendOnlyFile appendOnlyFile(Keyspace keyspace, AofSettings settings) {
        return new AppendOnlyFile(keyspace, settings);
    }

    /** Loads and writes the append-only file, around the gev server's life. */
    @Bean
    Persistence persistence(AofSettings settings, Keyspace keyspace, AppendOnlyFile aof) {
        return new Persistence(settings, keyspace, aof);
    }

    /** INFO's persistence section. */
    @Bean
    PersistenceInfo persistenceInfo(Persistence persistence, AppendOnlyFile aof) {
        return new PersistenceInfo(persistence, aof);
    }

    /** Every command the server knows; {@code SHUTDOWN} closes {@code application} on a thread of its own. */
    @Bean
    CommandTable commandTable(Keyspace keyspace, Clients clients, ServerConfig config, ServerInfo info,
            Persistence persistence, ConfigurableApplicationContext application) {
        return RedisCommands.table(keyspace, clients, config, info, persistence,
                () -> new Thread(application::close, "gev-redis-shutdown").start());
    }

    /**
     * The parameters of {@code CONFIG GET/SET}: the sample's own ({@code save}, kept for clients that ask, and the
     * fixed {@code port}, {@code databases}, {@code maxmemory}); other beans register theirs.
     */
    @Bean
    ServerConfig serverConfig(GevServers servers, AofSettings aofSettings, AppendOnlyFile aof) {
        Supplier<GevServer> server = defaultServer(servers);
        ServerConfig config = new ServerConfig();
        SaveParameter save = new SaveParameter();
        config.register("save", save::get, save::set);
        config.register("port", () -> Integer.toString(server.get().port()), null);
        config.registerFixed("databases", "1");
        config.registerFixed("maxmemory", "0");
        PersistenceParameters.register(config, aofSettings, aof);
        return config;
    }

    /** What {@code INFO} reports: the sample's sections and those of every {@link InfoSection} bean. */
    @Bean
    ServerInfo serverInfo(Keyspace keyspace, GevServers servers, ObjectProvider<InfoSection> sections) {
        return new ServerInfo(keyspace, defaultServer(servers), sections.orderedStream().toList());
    }

    /** The default gev server, looked up when first used, by which time it is running. */
    private static Supplier<GevServer> defaultServer(GevServers servers) {
        return SingletonSupplier.of(() -> servers.get(GevServers.DEFAULT));
    }
}
