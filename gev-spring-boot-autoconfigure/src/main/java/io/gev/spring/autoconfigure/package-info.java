/**
 * Auto-configuration of gev servers: {@link io.gev.spring.autoconfigure.GevProperties}, which
 * {@link io.gev.spring.autoconfigure.GevServerPropertiesMapper} maps onto the engine's builders (they check every
 * value), discovery of handler and protocol beans, the server factory, the servers and their {@code SmartLifecycle}.
 */
package io.gev.spring.autoconfigure;
