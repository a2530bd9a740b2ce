package io.gev.spring.autoconfigure;

import io.gev.GevServer;
import io.gev.spring.GevHandler;
import io.gev.spring.GevServerCustomizer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * gev servers for the application's {@link GevHandler} beans: discovery ({@link GevHandlerRegistry}), building
 * ({@link GevServerFactory}, {@link io.gev.spring.GevServerCustomizer}s, TLS from Spring Boot's SSL bundles), the
 * servers ({@link GevServers}) and their
 * lifecycle ({@link GevServerLifecycle}). Every bean can be replaced; {@code gev.enabled=false} turns it all off.
 */
@AutoConfiguration(after = {SslAutoConfiguration.class, TaskExecutionAutoConfiguration.class})
@ConditionalOnClass(GevServer.class)
@ConditionalOnBooleanProperty(name = "gev.enabled", matchIfMissing = true)
@ConditionalOnBean(annotation = GevHandler.class)
@EnableConfigurationProperties(GevProperties.class)
@ImportRuntimeHints(GevRuntimeHints.class)
public final class GevAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(GevAutoConfiguration.class);
    /** The name of Spring Boot's application task executor, which gev.handler.executor=application uses. */
    private static final String APPLICATION_TASK_EXECUTOR = "applicationTaskExecutor";

    @Bean
    @ConditionalOnMissingBean
    GevHandlerRegistry gevHandlerRegistry(ListableBeanFactory beanFactory) {
        return new GevHandlerRegistry(beanFactory);
    }

    @Bean
    @ConditionalOnMissingBean
    GevServerFactory gevServerFactory(ObjectProvider<GevServerCustomizer> customizers,
            ObjectProvider<SslBundles> sslBundles, ListableBeanFactory beanFactory) {
        return new GevServerFactory(customizers.orderedStream().toList(), sslBundles.getIfAvailable(),
                () -> beanFactory.containsBean(APPLICATION_TASK_EXECUTOR)
                        ? beanFactory.getBean(APPLICATION_TASK_EXECUTOR, Executor.class) : null);
    }

    /**
     * The servers, built once every singleton exists: this bean depends on no handler, so a handler can inject it to
     * reach its own server and the others.
     */
    @Bean
    @ConditionalOnMissingBean
    GevServers gevServers(GevHandlerRegistry registry, GevServerFactory factory, GevProperties properties,
            ConfigurableEnvironment environment) {
        return new GevServers(() -> build(registry, factory, properties, Binder.get(environment)));
    }

    private static Map<String, GevServer> build(GevHandlerRegistry registry, GevServerFactory factory,
            GevProperties properties, Binder binder) {
        Map<String, GevServer> servers = new LinkedHashMap<>();
        for (GevServerDefinition definition : registry.servers()) {
            String name = definition.name();
            servers.put(name, factory.create(definition, properties.forServer(name, binder),
                    properties.inheritedBy(name)));
        }
        if (properties.getServers().containsKey(GevServers.DEFAULT)) {
            throw new GevStartupException(GevProperties.PREFIX + ".servers." + GevServers.DEFAULT + ".* is not "
                    + "read: the default server is configured by the top-level " + GevProperties.PREFIX
                    + ".* properties.", "Move those settings up to " + GevProperties.PREFIX + ".*.");
        }
        for (String configured : properties.getServers().keySet()) {
            if (!servers.containsKey(configured)) {
                log.warn("gev: {}.* is configured, but no @GevHandler(\"{}\") bean exists; it is ignored",
                        GevProperties.prefixOf(configured), configured);
            }
        }
        return servers;
    }

    /** Warns at startup about {@code gev.*} keys no property has, naming the nearest known one. */
    @Bean
    @ConditionalOnMissingBean
    UnknownPropertyWarnings gevUnknownPropertyWarnings(ConfigurableEnvironment environment) {
        return new UnknownPropertyWarnings(environment);
    }

    @Bean
    @ConditionalOnMissingBean
    GevServerLifecycle gevServerLifecycle(GevServers servers, ConfigurableEnvironment environment,
            ApplicationEventPublisher publisher) {
        return new GevServerLifecycle(servers, environment, publisher);
    }
}
