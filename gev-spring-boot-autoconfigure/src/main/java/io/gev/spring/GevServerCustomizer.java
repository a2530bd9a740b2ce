package io.gev.spring;

import io.gev.GevServer;

/**
 * Changes a server's builder after the {@code gev.*} properties were applied and before it is built. Beans of this
 * type are applied to every server in {@link org.springframework.core.annotation.Order order}: a TCP server (or a
 * Unix domain socket one) through {@link #customize(String, GevServer.Builder)}, a UDP server
 * ({@code transport=udp}) through {@link #customize(String, GevServer.UdpBuilder)}, which does nothing unless
 * overridden. A lambda customizes TCP servers only.
 */
@FunctionalInterface
public interface GevServerCustomizer {

    /**
     * Customizes the builder of the TCP server named {@code serverName} ({@code "default"} for the default server).
     *
     * @param serverName the server's name
     * @param builder    its builder, with the properties applied
     */
    void customize(String serverName, GevServer.Builder builder);

    /**
     * Customizes the builder of the UDP server named {@code serverName} ({@code "default"} for the default server). Does
     * nothing unless overridden.
     *
     * @param serverName the server's name
     * @param builder    its builder, with the properties applied
     */
    default void customize(String serverName, GevServer.UdpBuilder builder) {
    }
}
