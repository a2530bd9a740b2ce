package io.gev.spring.autoconfigure;

import io.gev.GevServer;
import io.gev.spring.GevServerCustomizer;
import java.util.List;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * Builds a {@link GevServer} from a definition and its settings: properties first (TLS from the SSL bundle that
 * {@code ssl.bundle} names), then every {@link GevServerCustomizer} in order. The server is built, not started.
 */
public class GevServerFactory {

    private final List<GevServerCustomizer> customizers;
    private final SslBundleTls tls;

    /** A factory for servers without SSL bundles. */
    public GevServerFactory(List<GevServerCustomizer> customizers) {
        this(customizers, null);
    }

    /** A factory whose servers can take TLS from {@code sslBundles} (null: none). */
    public GevServerFactory(List<GevServerCustomizer> customizers, SslBundles sslBundles) {
        this.customizers = List.copyOf(customizers);
        this.tls = new SslBundleTls(sslBundles);
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
}
