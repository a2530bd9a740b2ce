package io.gev.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Marks a bean implementing {@link io.gev.Handler} as the handler of a gev server; such a bean is what brings a server
 * up. Without a name it is the application's default server, configured by the top-level {@code gev.*} properties;
 * {@code @GevHandler("admin")} serves the server configured by {@code gev.servers.admin.*} (unset properties
 * fall back to the top-level ones). One handler per server. It may also annotate a {@code @Bean} method that returns
 * a handler (a lambda, say).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface GevHandler {

    /**
     * Name of the server this handler serves; empty (or {@code "default"}) for the default server. Alias for
     * {@link #server()}.
     */
    @AliasFor("server")
    String value() default "";

    /** Name of the server this handler serves; empty (or {@code "default"}) for the default server. */
    @AliasFor("value")
    String server() default "";
}
