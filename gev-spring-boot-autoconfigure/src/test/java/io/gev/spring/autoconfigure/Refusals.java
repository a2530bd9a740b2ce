package io.gev.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.gev.GevServer;
import io.gev.Handler;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Test helpers: what the engine says when it refuses a value, and the assertion that a context failed naming a
 * property with that reason.
 */
final class Refusals {

    private Refusals() {
    }

    /** The message of the {@link IllegalArgumentException} that {@code call} throws. */
    static String engineRefusal(ThrowingCallable call) {
        IllegalArgumentException refusal = catchThrowableOfType(IllegalArgumentException.class, call);
        assertThat(refusal).as("the engine refuses it").isNotNull();
        return refusal.getMessage();
    }

    /** The message the TCP builder refuses {@code setting} with. */
    static String tcpRefusal(Consumer<GevServer.Builder> setting) {
        return engineRefusal(() -> setting.accept(GevServer.builder(echo())));
    }

    /** An engine handler that echoes. */
    static Handler echo() {
        return (connection, context, data) -> data;
    }

    /**
     * Asserts that {@code configured} fails to start because {@code property} was refused for {@code reason}, and
     * that the message says so: {@code Property <property> with value '<value>' is invalid: <reason>}.
     */
    static void failsNaming(ApplicationContextRunner configured, String property, Object value, String reason) {
        configured.run(context -> assertRefused(context, property, value, reason));
    }

    /** Asserts that {@code context} failed because {@code property} was refused for {@code reason}. */
    static void assertRefused(AssertableApplicationContext context, String property, Object value, String reason) {
        assertThat(context).hasFailed();
        assertThat(context.getStartupFailure()).rootCause()
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessage("Property " + property + " with value '" + value + "' is invalid: " + reason);
    }
}
