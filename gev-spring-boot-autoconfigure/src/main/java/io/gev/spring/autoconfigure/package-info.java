/**
 * Auto-configuration of gev servers: {@link io.gev.spring.autoconfigure.GevProperties}, discovery of handler and
 * protocol beans, the server factory, the servers and their {@code SmartLifecycle}.
 */
package io.gev.spring.autoconfigure;
