package io.gev.spring.autoconfigure;

import io.gev.Protocol;
import io.gev.spring.GevHandler;
import io.gev.spring.GevProtocol;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * Finds the servers an application asks for: one per {@link GevHandler} bean (an {@link io.gev.Handler} or a plugin's
 * handler), with the {@link GevProtocol} bean of the same server name if there is one. Fails with a
 * {@link GevStartupException} that says what to do when two handlers (or two protocols) claim one server, a protocol
 * has no handler, or an annotated bean has the wrong type.
 */
public class GevHandlerRegistry {

    private static final Comparator<String> DEFAULT_FIRST =
            Comparator.comparing((String name) -> !GevServers.DEFAULT.equals(name)).thenComparing(name -> name);

    private final ListableBeanFactory beanFactory;

    public GevHandlerRegistry(ListableBeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    /** The servers, default first, then by name. */
    public List<GevServerDefinition> servers() {
        Map<String, Found<Object>> handlers = find(GevHandler.class, HandlerKinds::isHandler,
                HandlerKinds.describe(), GevHandler::server);
        Map<String, Found<Object>> protocols = find(GevProtocol.class, Protocol.class::isInstance,
                Protocol.class.getName(), GevProtocol::server);
        for (Map.Entry<String, Found<Object>> p : protocols.entrySet()) {
            if (!handlers.containsKey(p.getKey())) {
                throw new GevStartupException("@GevProtocol bean '" + p.getValue().beanName() + "' frames "
                        + describe(p.getKey()) + ", but no @GevHandler bean serves it.", "Annotate the handler with "
                        + annotation("GevHandler", p.getKey()) + ", or give the protocol the handler's server name.");
            }
        }
        List<GevServerDefinition> servers = new ArrayList<>();
        handlers.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(DEFAULT_FIRST))
                .forEach(e -> {
                    Found<Object> protocol = protocols.get(e.getKey());
                    servers.add(new GevServerDefinition(e.getKey(), e.getValue().bean(), e.getValue().beanName(),
                            protocol == null ? null : (Protocol) protocol.bean()));
                });
        return servers;
    }

    private <A extends Annotation> Map<String, Found<Object>> find(Class<A> annotation, Predicate<Object> accepted,
            String acceptedTypes, Function<A, String> serverOf) {
        Map<String, Found<Object>> found = new LinkedHashMap<>();
        String what = "@" + annotation.getSimpleName();
        for (String beanName : beanFactory.getBeanNamesForAnnotation(annotation)) {
            A a = beanFactory.findAnnotationOnBean(beanName, annotation);
            String server = a == null ? "" : serverOf.apply(a).trim();
            if (server.isEmpty()) {
                server = GevServers.DEFAULT;
            }
            Object bean = beanFactory.getBean(beanName);
            if (!accepted.test(bean)) {
                throw new GevStartupException("Bean '" + beanName + "' is annotated " + what
                        + " but does not implement " + acceptedTypes + ".", "Implement one of them, or remove " + what
                        + ".");
            }
            Found<Object> previous = found.put(server, new Found<>(beanName, bean));
            if (previous != null) {
                throw new GevStartupException("Two " + what + " beans claim " + describe(server) + ": '"
                        + previous.beanName() + "' and '" + beanName + "'.", "Give each its own server, e.g. "
                        + annotation(annotation.getSimpleName(), "admin") + ", and configure it under "
                        + GevProperties.prefixOf("admin") + ".*");
            }
        }
        return found;
    }

    private static String describe(String server) {
        return GevServers.DEFAULT.equals(server) ? "the default gev server" : "gev server '" + server + "'";
    }

    private static String annotation(String simpleName, String server) {
        return GevServers.DEFAULT.equals(server) ? "@" + simpleName : "@" + simpleName + "(\"" + server + "\")";
    }

    private record Found<T>(String beanName, T bean) {
    }
}
