package io.gev.spring.autoconfigure;

import io.gev.GevServer;
import io.gev.TlsOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;

/**
 * A gev server's TLS from a Spring Boot SSL bundle ({@code gev.ssl.bundle}): the bundle's SSL context, protocols and
 * ciphers with {@code gev.ssl.client-auth} and {@code gev.ssl.handshake-timeout}; and, when the bundle is reloaded
 * ({@code reload-on-update}), its new context for the connections that follow.
 */
final class SslBundleTls {

    private static final Logger log = LoggerFactory.getLogger(SslBundleTls.class);

    private final SslBundles bundles;

    SslBundleTls(SslBundles bundles) {
        this.bundles = bundles;
    }

    /**
     * The bundle {@code ssl} names, or null when it names none.
     *
     * @throws IllegalStateException when the bundle does not exist (the message names the property)
     */
    SslBundle bundle(GevSslProperties ssl, String prefix) {
        String name = ssl.getBundle();
        if (name == null || name.isBlank()) {
            return null;
        }
        if (bundles == null) {
            throw new GevStartupException(prefix + ".ssl.bundle is " + name + ", but there are no SSL bundles.",
                    "Define spring.ssl.bundle.pem." + name + " (or .jks." + name + "), or unset " + prefix
                    + ".ssl.bundle.");
        }
        try {
            return bundles.getBundle(name);
        } catch (NoSuchSslBundleException e) {
            throw new GevStartupException(prefix + ".ssl.bundle names " + name
                    + ", but no spring.ssl.bundle.pem." + name + " or spring.ssl.bundle.jks." + name + " exists.",
                    "Define that SSL bundle, or set " + prefix + ".ssl.bundle to one that exists.", e);
        }
    }

    /**
     * TLS options from {@code bundle} and {@code ssl}, the properties under {@code prefix}.
     *
     * @throws org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException when the
     *         engine refuses a value, or the bundle's protocols or ciphers (naming {@code ssl.bundle})
     */
    static TlsOptions options(SslBundle bundle, GevSslProperties ssl, String prefix) {
        ServerPropertyNames names = new ServerPropertyNames(prefix);
        PropertyMapper map = PropertyMapper.get();
        TlsOptions.Builder builder = TlsOptions.builder(bundle.createSslContext());
        map.from(ssl::getClientAuth).to(builder::clientAuth);
        map.from(ssl::getHandshakeTimeout).to(names.setter("ssl.handshake-timeout", builder::handshakeTimeout));
        SslOptions options = bundle.getOptions();
        return names.call("ssl.bundle", ssl.getBundle(), () -> builder.protocols(options.getEnabledProtocols())
                .cipherSuites(options.getCiphers()).build());
    }

    /** Gives {@code server} the bundle's new context whenever the bundle named {@code name} is reloaded. */
    void reloadOnUpdate(String name, GevServer server) {
        bundles.addBundleUpdateHandler(name, updated -> {
            try {
                server.updateSslContext(updated.createSslContext());
            } catch (RuntimeException e) {
                log.error("gev: the reloaded SSL bundle {} cannot be used; new connections keep the previous one",
                        name, e);
            }
        });
    }
}
