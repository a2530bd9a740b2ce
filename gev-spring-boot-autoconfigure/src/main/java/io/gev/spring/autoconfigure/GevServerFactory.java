package io.gev.spring.autoconfigure;

import io.gev.GevServer;
import io.gev.spring.GevServerCustomizer;
import java.util.List;

/**
 * Builds a {@link GevServer} from a definition and its settings: properties first, then every
 * {@link GevServerCustomizer} in order. The server is built, not started.
 */
public class GevServerFactory {

    private final List<GevServerCustomizer> customizers;

    public GevServerFactory(List<GevServerCustomizer> customizers) {
        this.customizers = List.copyOf(customizers);
    }

    /**
     * Builds the server for {@code definition} with {@code settings}.
     *
     * @throws IllegalStateException when a setting is out of range (the message names the property)
     */
    public GevServer create(GevServerDefinition definition, GevServerProperties settings) {
        String prefix = GevProperties.prefixOf(definition.name());
        settings.validate(prefix);
        ServerFraming framing = ServerFraming.resolve(definition, settings.getProtocol(), prefix);
        GevServer.Builder builder = GevServer.builder(framing.handler());
        settings.applyTo(builder);
        builder.protocol(framing.protocol());
        for (GevServerCustomizer customizer : customizers) {
            customizer.customize(definition.name(), builder);
        }
        return builder.build();
    }
}
