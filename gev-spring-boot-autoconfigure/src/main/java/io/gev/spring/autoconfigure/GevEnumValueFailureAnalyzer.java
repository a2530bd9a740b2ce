package io.gev.spring.autoconfigure;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Reports a {@code gev.*} property whose value is none of its enum's ({@code gev.protocol.type=length}) with the
 * values as they are written in {@code application.yml} ({@code raw, line, delimiter, length-field, ...}). Runs before
 * Spring Boot's own bind failure analyzer, which lists the Java constant names.
 */
final class GevEnumValueFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        Class<?> type = cause.getTarget().getType().resolve();
        String name = cause.getName().toString();
        if (type == null || !type.isEnum() || !name.startsWith(GevProperties.PREFIX + ".")) {
            return null;
        }
        ConfigurationProperty property = cause.getProperty();
        String value = property == null ? "?" : String.valueOf(property.getValue());
        String origin = property == null || property.getOrigin() == null ? "" : " (from " + property.getOrigin() + ")";
        String values = Arrays.stream(type.getEnumConstants())
                .map(constant -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .collect(Collectors.joining(", "));
        return new FailureAnalysis(name + " is '" + value + "'" + origin + ", which is not one of its values.",
                "Set " + name + " to one of: " + values + ".", cause);
    }

    @Override
    public int getOrder() {
        return 0;
    }
}
