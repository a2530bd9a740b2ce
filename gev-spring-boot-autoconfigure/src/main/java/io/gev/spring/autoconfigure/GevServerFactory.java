package io.gev.spring.autoconfigure;

import io.gev.GevServer;
import io.gev.spring.GevServerCustomizer;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * Builds a {@link GevServer} from a definition and its settings: its framing, its properties (through
 * {@link GevServerPropertiesMapper}), TLS from the SSL bundle that {@code ssl.bundle} names, the handler executor
 * that {@code handler.executor} names, then every {@link GevServerCustomizer} in order. The server is built, not
 * started. Closing the factory shuts down the executor it made for {@code handler.executor=virtual}.
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
     * Builds the server for {@code definition} with {@code settings}, which start from the defaults.
     *
     * @throws org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException when the
     *         engine refuses a value (the message names the property and gives the engine's reason)
     * @throws IllegalStateException when the handler does not fit the framing or transport, or a setting names a
     *                               missing SSL bundle or executor (the message names the property)
     */
    public GevServer create(GevServerDefinition definition, GevServerProperties settings) {
        return create(definition, settings, new GevServerProperties());
    }

    /**
     * Builds the server for {@code definition} with {@code settings}, which start from {@code inherited}: the
     * top-level {@code gev.*} values for a named server (see {@link GevServerPropertiesMapper}).
     *
     * @throws org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException when the
     *         engine refuses a value (the message names the property and gives the engine's reason)
     * @throws IllegalStateException when the handler does not fit the framing or transport, or a setting names a
     *                               missing SSL bundle or executor (the message names the property)
     */
    public GevServer create(GevServerDefinition definition, GevServerProperties settings,
            GevServerProperties inherited) {
        String prefix = GevProperties.prefixOf(definition.name());
        ServerFraming framing = ServerFraming.resolve(definition, settings, prefix);
        GevServerPropertiesMapper properties = new GevServerPropertiesMapper(prefix, settings, inherited);
        if (settings.getTransport() == GevServerProperties.TransportType.UDP) {
            GevServer.UdpBuilder builder = GevServer.udpBuilder(framing.handler()).name(definition.name())
                    .protocol(framing.protocol());
            properties.mapTo(builder);
            customizers.forEach(customizer -> customizer.customize(definition.name(), builder));
            return properties.build(builder);
        }
        GevServer.Builder builder = GevServer.builder(framing.handler()).name(definition.name())
                .protocol(framing.protocol());
        properties.mapTo(builder);
        SslBundle bundle = tls.bundle(settings.getSsl(), prefix);
        if (bundle != null) {
            builder.tls(SslBundleTls.options(bundle, settings.getSsl(), prefix));
        }
        builder.handlerExecutor(executors.resolve(settings.getHandler().getExecutor(), prefix));
        customizers.forEach(customizer -> customizer.customize(definition.name(), builder));
        GevServer server = properties.build(builder);
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
