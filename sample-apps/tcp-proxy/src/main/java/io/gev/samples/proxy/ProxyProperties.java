package io.gev.samples.proxy;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The proxy's settings, {@code proxy.*} in application.yml.
 *
 * @param upstreamHost   where every client connection is relayed to
 * @param upstreamPort   its port
 * @param connectTimeout longest wait for the upstream to accept; then the client is closed
 */
@ConfigurationProperties("proxy")
public record ProxyProperties(@DefaultValue("127.0.0.1") String upstreamHost, @DefaultValue("1833") int upstreamPort,
        @DefaultValue("3s") Duration connectTimeout) {

    public ProxyProperties {
        if (upstreamPort < 1 || upstreamPort > 65535) {
            throw new IllegalArgumentException("proxy.upstream-port must be between 1 and 65535, but was "
                    + upstreamPort);
        }
    }

    /** The upstream's address (resolved now). */
    public InetSocketAddress upstream() {
        return new InetSocketAddress(upstreamHost, upstreamPort);
    }
}
