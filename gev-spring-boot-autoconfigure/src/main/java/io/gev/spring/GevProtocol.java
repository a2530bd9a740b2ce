package io.gev.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Marks a bean implementing {@link io.gev.Protocol} as the framing of a gev server: the default server without a name,
 * or the server named by {@link #server()}. One protocol per server; without one a server uses
 * {@link io.gev.Protocol#raw()}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface GevProtocol {

    /**
     * Name of the server this protocol frames; empty (or {@code "default"}) for the default server. Alias for
     * {@link #server()}.
     */
    @AliasFor("server")
    String value() default "";

    /** Name of the server this protocol frames; empty (or {@code "default"}) for the default server. */
    @AliasFor("value")
    String server() default "";
}
