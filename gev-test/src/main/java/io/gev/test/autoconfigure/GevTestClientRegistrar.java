package io.gev.test.autoconfigure;

import io.gev.GevServer;
import io.gev.spring.GevHandler;
import io.gev.spring.autoconfigure.GevServers;
import io.gev.test.GevTestClient;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;

/**
 * Registers a {@link GevTestClient} bean for each server that a {@code @GevHandler} bean asks for: the default
 * server's as {@code gevTestClient}, primary, and a named server's as {@code gevTestClient.<name>}, qualified by the
 * name. A bean of that name that exists already is left as it is. Each client connects when first used, to the
 * server's bound port and with its framing ({@link #settings}). Called by the container, once, before beans are made.
 */
final class GevTestClientRegistrar implements BeanDefinitionRegistryPostProcessor {

    /** The bean name of the default server's client; a named server's adds {@code .<name>}. */
    static final String BEAN_NAME = "gevTestClient";

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        BeanFactory beanFactory = (BeanFactory) registry;
        for (String server : serverNames((ListableBeanFactory) registry)) {
            boolean isDefault = GevServers.DEFAULT.equals(server);
            String beanName = isDefault ? BEAN_NAME : BEAN_NAME + "." + server;
            if (registry.containsBeanDefinition(beanName)) {
                continue;
            }
            RootBeanDefinition client = new RootBeanDefinition(GevTestClient.class, () -> GevTestClient
                    .connectingLazily(() -> settings(beanFactory.getBean(GevServers.class), server)));
            client.setPrimary(isDefault);
            client.addQualifier(new AutowireCandidateQualifier(Qualifier.class, server));
            client.setDestroyMethodName("close");
            registry.registerBeanDefinition(beanName, client);
        }
    }

    /** The names of the servers the {@code @GevHandler} beans ask for, as the starter names them. */
    private static Set<String> serverNames(ListableBeanFactory beanFactory) {
        Set<String> names = new LinkedHashSet<>();
        for (String bean : beanFactory.getBeanNamesForAnnotation(GevHandler.class)) {
            GevHandler handler = beanFactory.findAnnotationOnBean(bean, GevHandler.class, false);
            String name = handler == null ? "" : handler.server().trim();
            names.add(name.isEmpty() ? GevServers.DEFAULT : name);
        }
        return names;
    }

    /**
     * How to reach the server called {@code name}, now that it runs: its bound port on {@code 127.0.0.1}, and its
     * own framing (as a WebSocket client for a WebSocket server).
     *
     * @throws IllegalStateException when there is no such server, or a client cannot speak to it (TLS, UDP)
     */
    static GevTestClient.Builder settings(GevServers servers, String name) {
        GevServer server = servers.get(name);
        if (server == null) {
            throw new IllegalStateException("no gev server named '" + name + "' in this application");
        }
        if (server.isUdp() || server.isTls() || server.port() <= 0) {
            throw new IllegalStateException("GevTestClient speaks plain TCP; gev server '" + name + "' is "
                    + (server.isUdp() ? "UDP" : server.isTls() ? "TLS" : "not listening on a TCP port"));
        }
        GevTestClient.Builder client = GevTestClient.builder(server.port());
        return "websocket".equals(server.settings().get("framing")) ? client.webSocket("/")
                : client.protocol(server.protocol());
    }
}
