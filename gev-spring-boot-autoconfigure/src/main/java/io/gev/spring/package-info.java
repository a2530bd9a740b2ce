/**
 * What a Spring Boot application writes to serve TCP with gev: a {@link io.gev.spring.GevHandler} bean, perhaps a
 * {@link io.gev.spring.GevProtocol} bean and {@link io.gev.spring.GevServerCustomizer}s.
 */
package io.gev.spring;
