package io.gev.spring.autoconfigure;

import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

/**
 * The properties of one server named in full ({@code gev.backlog}, {@code gev.servers.admin.backlog}), and the engine
 * calls made for them. The engine's builders are the one place that checks a value: an
 * {@link IllegalArgumentException} they throw becomes an {@link InvalidConfigurationPropertyValueException} that
 * names the property (or, for a rule over several properties, their group, such as {@code gev.outbound}) and gives
 * the engine's message as the reason. Thread safe.
 */
final class ServerPropertyNames {

    private final String prefix;

    /** The names under {@code prefix}: {@code gev}, or {@code gev.servers.<name>}. */
    ServerPropertyNames(String prefix) {
        this.prefix = prefix;
    }

    /** The full name of {@code key} ({@code timer.wheel-size}) for this server. */
    String name(String key) {
        return prefix + "." + key;
    }

    /** A setter of property {@code key} that hands the value to {@code engineSetter}. */
    <T> Consumer<T> setter(String key, Consumer<T> engineSetter) {
        return value -> run(key, value, () -> engineSetter.accept(value));
    }

    /** A setter of size property {@code key} that hands its bytes to {@code engineSetter}. */
    Consumer<DataSize> bytesSetter(String key, IntConsumer engineSetter) {
        return size -> {
            int bytes = bytes(key, size);
            run(key, size, () -> engineSetter.accept(bytes));
        };
    }

    /** A setter of size property {@code key} that hands its bytes to {@code engineSetter}, which takes a long. */
    Consumer<DataSize> longBytesSetter(String key, LongConsumer engineSetter) {
        return size -> run(key, size, () -> engineSetter.accept(size.toBytes()));
    }

    /**
     * The bytes of size property {@code key}, for an engine setting that takes an int; negative sizes are passed on
     * for the engine to judge.
     *
     * @throws InvalidConfigurationPropertyValueException when the size is unset or its bytes do not fit an int
     */
    int bytes(String key, DataSize size) {
        if (size == null) {
            throw invalid(key, null, "must be set");
        }
        long bytes = size.toBytes();
        if (bytes != (int) bytes) {
            throw invalid(key, size, "does not fit in an int: at most " + Integer.MAX_VALUE + "B");
        }
        return (int) bytes;
    }

    /** Runs {@code engineCall}, which applies property (or group) {@code key} whose value is {@code value}. */
    void run(String key, Object value, Runnable engineCall) {
        call(key, value, () -> {
            engineCall.run();
            return null;
        });
    }

    /** The result of {@code engineCall}, which applies property (or group) {@code key} whose value is {@code value}. */
    <R> R call(String key, Object value, Supplier<R> engineCall) {
        try {
            return engineCall.get();
        } catch (IllegalArgumentException e) {
            throw invalid(key, value, e.getMessage());
        }
    }

    /** The failure of property (or group) {@code key}, whose value is {@code value}, for {@code reason}. */
    InvalidConfigurationPropertyValueException invalid(String key, Object value, String reason) {
        return new InvalidConfigurationPropertyValueException(name(key), value, reason);
    }
}
