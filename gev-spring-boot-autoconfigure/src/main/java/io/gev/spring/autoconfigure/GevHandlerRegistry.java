package io.gev.spring.autoconfigure;

import io.gev.Handler;
import io.gev.Protocol;
import io.gev.spring.GevHandler;
import io.gev.spring.GevProtocol;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * Finds the servers an application asks for: one per {@link GevHandler} bean, with the {@link GevProtocol} bean of the
 * same server name if there is one. Fails with a message that says what to do when two handlers (or two protocols)
 * claim one server, a protocol has no handler, or an annotated bean has the wrong type.
 */
public class GevHandlerRegistry {

    private final ListableBeanFactory beanFactory;

    public GevHandlerRegistry(ListableBeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    /** The servers, default first, then by name. */
    public List<GevServerDefinition> servers() {
        Map<String, Found<Handler>> handlers = find(GevHandler.class, Handler.class, GevHandler::server);
        Map<String, Found<Protocol>> protocols = find(GevProtocol.class, Protocol.class, GevProtocol::server);
        for (Map.Entry<String, Found<Protocol>> p : protocols.entrySet()) {
            if (!handlers.containsKey(p.getKey())) {
                throw new IllegalStateException("@GevProtocol bean '" + p.getValue().beanName() + "' frames "
                        + describe(p.getKey()) + ", but no @GevHandler bean serves it. Annotate the handler with "
                        + annotation("GevHandler", p.getKey()) + ", or give the protocol the handler's server name.");
            }
        }
        List<GevServerDefinition> servers = new ArrayList<>();
        handlers.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> {
                    Found<Protocol> protocol = protocols.get(e.getKey());
                    servers.add(new GevServerDefinition(e.getKey(), e.getValue().bean(), e.getValue().beanName(),
                            protocol == null ? null : protocol.bean()));
                });
        return servers;
    }

    private <A extends Annotation, T> Map<String, Found<T>> find(Class<A> annotation, Class<T> type,
            Function<A, String> serverOf) {
        Map<String, Found<T>> found = new LinkedHashMap<>();
        String what = "@" + annotation.getSimpleName();
        for (String beanName : beanFactory.getBeanNamesForAnnotation(annotation)) {
            A a = beanFactory.findAnnotationOnBean(beanName, annotation);
            String server = a == null ? "" : serverOf.apply(a).trim();
            if (server.equals("default")) {
                throw new IllegalStateException("Bean '" + beanName + "': the server name 'default' is reserved for the "
                        + "server without a name; use " + what + " without a name, or another name.");
            }
            Object bean = beanFactory.getBean(beanName);
            if (!type.isInstance(bean)) {
                throw new IllegalStateException("Bean '" + beanName + "' is annotated " + what + " but does not implement "
                        + type.getName() + ".");
            }
            Found<T> previous = found.put(server, new Found<>(beanName, type.cast(bean)));
            if (previous != null) {
                throw new IllegalStateException("Two " + what + " beans claim " + describe(server) + ": '"
                        + previous.beanName() + "' and '" + beanName + "'. Give each its own server, e.g. "
                        + annotation(annotation.getSimpleName(), "admin") + ", and configure it under "
                        + GevProperties.prefixOf("admin") + ".*");
            }
        }
        return found;
    }

    private static String describe(String server) {
        return server.isEmpty() ? "the default gev server" : "gev server '" + server + "'";
    }

    private static String annotation(String simpleName, String server) {
        return server.isEmpty() ? "@" + simpleName : "@" + simpleName + "(\"" + server + "\")";
    }

    private record Found<T>(String beanName, T bean) {
    }
}
