package io.gev.spring.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * {@code gev.*}: the settings of the default server (and the defaults of named servers), the kill switch, and the
 * named servers.
 */
@ConfigurationProperties(prefix = GevProperties.PREFIX)
public class GevProperties extends GevServerProperties {

    /** The prefix of gev's properties. */
    public static final String PREFIX = "gev";

    /**
     * Whether to run gev servers at all.
     */
    private boolean enabled = true;

    /**
     * Named servers, one per @GevHandler("name") bean. Every server property can be set per server; unset ones take
     * the top-level value.
     */
    private final Map<String, GevServerProperties> servers = new LinkedHashMap<>();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Map<String, GevServerProperties> getServers() {
        return servers;
    }

    /** The property prefix of server {@code name}: {@code gev} for the default server. */
    public static String prefixOf(String name) {
        return GevServers.DEFAULT.equals(name) ? PREFIX : PREFIX + ".servers." + name;
    }

    /**
     * The settings of server {@code name}: the top-level {@code gev.*} values overridden by
     * {@code gev.servers.<name>.*}, bound from the environment by {@code binder}.
     */
    public GevServerProperties forServer(String name, Binder binder) {
        if (GevServers.DEFAULT.equals(name)) {
            return this;
        }
        GevServerProperties settings = new GevServerProperties();
        binder.bind(PREFIX, Bindable.ofInstance(settings));
        binder.bind(prefixOf(name), Bindable.ofInstance(settings));
        return settings;
    }

    /**
     * The values the settings of server {@code name} start from: the defaults for the default server, these
     * top-level values for a named one.
     */
    public GevServerProperties inheritedBy(String name) {
        return GevServers.DEFAULT.equals(name) ? new GevServerProperties() : this;
    }
}
