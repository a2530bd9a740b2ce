/** Actuator integration of gev: the {@code gev} health contributor, Micrometer meters and the {@code gev} endpoint. */
package io.gev.spring.autoconfigure.actuate;
