package io.gev.spring.autoconfigure;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Warns at startup about each {@code gev.*} key that no property has ({@code gev.idle-timout}), naming where it was
 * set and the nearest known key, since the binder ignores it silently. The known keys are read off the properties
 * classes; environment variables are left out (a {@code GEV_*} variable may mean something else). Thread safe.
 */
final class UnknownPropertyWarnings implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(UnknownPropertyWarnings.class);
    private static final ConfigurationPropertyName GEV = ConfigurationPropertyName.of(GevProperties.PREFIX);
    private static final String SERVERS = "servers";

    private final ConfigurableEnvironment environment;

    UnknownPropertyWarnings(ConfigurableEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public void afterSingletonsInstantiated() {
        unknown().forEach(log::warn);
    }

    /** A warning for each unknown {@code gev.*} key, in key order. */
    List<String> unknown() {
        List<String> serverKeys = new ArrayList<>();
        collect(GevServerProperties.class, "", serverKeys);
        List<String> warnings = new ArrayList<>();
        TreeSet<String> seen = new TreeSet<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source instanceof IterableConfigurationPropertySource iterable
                    && !(source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource)) {
                iterable.stream().filter(GEV::isAncestorOf).forEach(name -> {
                    String key = withoutIndexes(name);
                    if (seen.add(key) && !known(key, serverKeys)) {
                        warnings.add(warning(key, source.getConfigurationProperty(name), serverKeys));
                    }
                });
            }
        }
        warnings.sort(Comparator.naturalOrder());
        return warnings;
    }

    private static String warning(String key, ConfigurationProperty property, List<String> serverKeys) {
        String origin = property == null || property.getOrigin() == null ? "" : " (" + property.getOrigin() + ")";
        String serverPrefix = serverPrefix(key);
        String nearest = nearest(key.substring(serverPrefix.length()), serverKeys);
        return "gev: unknown property " + key + origin + " is ignored"
                + (nearest == null ? "" : "; did you mean " + serverPrefix + nearest + "?");
    }

    /** Whether {@code key} (without {@code gev.}) is a property: a server's, or {@code enabled}. */
    private static boolean known(String key, List<String> serverKeys) {
        String relative = key.substring(serverPrefix(key).length());
        return serverKeys.contains(relative) || key.equals(GevProperties.PREFIX + ".enabled");
    }

    /** {@code gev.} or {@code gev.servers.<name>.}: what comes before a server property in {@code key}. */
    private static String serverPrefix(String key) {
        String servers = GevProperties.PREFIX + "." + SERVERS + ".";
        int end = key.startsWith(servers) ? key.indexOf('.', servers.length()) : -1;
        return end > 0 ? key.substring(0, end + 1) : GevProperties.PREFIX + ".";
    }

    private static String withoutIndexes(ConfigurationPropertyName name) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < name.getNumberOfElements(); i++) {
            if (!name.isNumericIndex(i)) {
                key.append(key.isEmpty() ? "" : ".").append(name.getElement(i, ConfigurationPropertyName.Form.DASHED));
            }
        }
        return key.toString();
    }

    /** Every property of {@code type}, dashed and dotted ({@code protocol.length-field.offset}), into {@code keys}. */
    private static void collect(Class<?> type, String prefix, List<String> keys) {
        for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
            Class<?> valueType = property.getPropertyType();
            if (property.getReadMethod() == null || "class".equals(property.getName()) || valueType == null) {
                continue;
            }
            String key = prefix + DataObjectPropertyName.toDashedForm(property.getName());
            if (!valueType.isEnum() && valueType.getPackage() == GevServerProperties.class.getPackage()) {
                collect(valueType, key + ".", keys);
            } else {
                keys.add(key);
            }
        }
    }

    /** The known key nearest to {@code key} by edit distance, if it is near enough to be a typo. */
    private static String nearest(String key, List<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(key, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return bestDistance <= Math.max(2, key.length() / 3) ? best : null;
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
