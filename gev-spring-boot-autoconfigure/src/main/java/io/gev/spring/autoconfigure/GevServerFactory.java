package io.gev.spring.autoconfigure;

import io.gev.GevServer;
import io.gev.spring.GevServerCustomizer;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * Builds a {@link GevServer} from a definition and its settings: properties first (TLS from the SSL bundle that
 * {@code ssl.bundle} names, the handler executor that {@code handler.executor} names), then every
 * {@link GevServerCustomizer} in order. The server is built, not started. Closing the factory shuts down the
 * executor it made for {@code handler.executor=virtual}.
 */
public class GevServerFactory implements AutoCloseable {

    private final List<GevServerCustomizer> customizers;
    private final SslBundleTls tls;
    private final HandlerExecutors executors;

    /** A factory for servers without SSL bundles or the application's task executor. */
    public GevServerFactory(List<GevServerCustomizer> customizers) {
        this(customizers, null, null);
    }

    /**
     * A factory whose servers can take TLS from {@code sslBundles} and run handlers on the executor
     * {@code applicationExecutor} supplies (either may be null: there is none).
     */
    public GevServerFactory(List<GevServerCustomizer> customizers, SslBundles sslBundles,
            Supplier<Executor> applicationExecutor) {
        this.customizers = List.copyOf(customizers);
        this.tls = new SslBundleTls(sslBundles);
        this.executors = new HandlerExecutors(applicationExecutor);
    }

    /**
     * Builds the server for {@code definition} with {@code settings}.
     *
     * @throws IllegalStateException when a setting is out of range or names a missing SSL bundle (the message names
     *                               the property)
     */
    public GevServer create(GevServerDefinition definition, GevServerProperties settings) {
        String prefix = GevProperties.prefixOf(definition.name());
        settings.validate(prefix);
        if (settings.getTransport() == GevServerProperties.TransportType.UDP) {
            ServerFraming.requireDatagramFraming(definition, settings.getProtocol(), prefix);
        }
        ServerFraming framing = ServerFraming.resolve(definition, settings.getProtocol(), prefix);
        SslBundle bundle = tls.bundle(settings.getSsl(), prefix);
        GevServer.Builder builder = GevServer.builder(framing.handler());
        settings.applyTo(builder);
        builder.handlerExecutor(executors.resolve(settings.getHandler().getExecutor(), prefix));
        builder.protocol(framing.protocol());
        if (bundle != null) {
            builder.tls(SslBundleTls.options(bundle, settings.getSsl(), prefix));
        }
        for (GevServerCustomizer customizer : customizers) {
            customizer.customize(definition.name(), builder);
        }
        GevServer server = builder.build();
        if (bundle != null && server.isTls()) {
            tls.reloadOnUpdate(settings.getSsl().getBundle(), server);
        }
        return server;
    }

    /** Shuts down the virtual-thread executor, if {@code handler.executor=virtual} made one. */
    @Override
    public void close() {
        executors.close();
    }
}
