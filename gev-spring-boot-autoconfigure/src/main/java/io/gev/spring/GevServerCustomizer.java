package io.gev.spring;

import io.gev.GevServer;

/**
 * Changes a server's builder after the {@code gev.*} properties were applied and before it is built. Beans of this
 * type are applied to every server in {@link org.springframework.core.annotation.Order order}.
 */
@FunctionalInterface
public interface GevServerCustomizer {

    /**
     * Customizes the builder of the server named {@code serverName} ({@code ""} for the default server).
     *
     * @param serverName the server's name
     * @param builder    its builder, with the properties applied
     */
    void customize(String serverName, GevServer.Builder builder);
}
