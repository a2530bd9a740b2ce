package io.gev.spring.autoconfigure;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * The executors {@code gev.handler.executor} names: none for {@code loop}; one virtual thread per task for
 * {@code virtual} (Java 21 or newer), made once, shared by every server and shut down with the factory; Spring's
 * {@code applicationTaskExecutor} for {@code application}. Thread safe.
 */
final class HandlerExecutors implements AutoCloseable {

    private final Supplier<Executor> application;
    private ExecutorService virtualThreads;

    /** {@code application} supplies the application's task executor, or null when there is none. */
    HandlerExecutors(Supplier<Executor> application) {
        this.application = application;
    }

    /**
     * The executor for {@code kind}, or null to run handlers on the loops (also when {@code kind} is unset).
     *
     * @throws IllegalStateException when it cannot be had (the message names the property)
     */
    synchronized Executor resolve(GevHandlerProperties.Executor kind, String prefix) {
        if (kind == null) {
            return null;
        }
        return switch (kind) {
            case LOOP -> null;
            case VIRTUAL -> virtualThreads(prefix);
            case APPLICATION -> {
                Executor executor = application == null ? null : application.get();
                if (executor == null) {
                    throw new GevStartupException(prefix + ".handler.executor is application, but there is no"
                            + " applicationTaskExecutor bean.", "Let Spring Boot's task execution auto-configuration"
                            + " make one, or set " + prefix + ".handler.executor to loop or virtual.");
                }
                yield executor;
            }
        };
    }

    private Executor virtualThreads(String prefix) {
        if (virtualThreads == null) {
            try {
                virtualThreads = (ExecutorService) MethodHandles.publicLookup()
                        .findStatic(java.util.concurrent.Executors.class, "newVirtualThreadPerTaskExecutor",
                                MethodType.methodType(ExecutorService.class))
                        .invoke();
            } catch (NoSuchMethodException | IllegalAccessException e) {
                throw new GevStartupException(prefix + ".handler.executor is virtual, which needs Java 21 or newer,"
                        + " but this is Java " + Runtime.version().feature() + ".", "Run on Java 21 or newer, or set "
                        + prefix + ".handler.executor to application or loop.", e);
            } catch (Throwable t) {
                throw new IllegalStateException(prefix + ".handler.executor: cannot make virtual threads", t);
            }
        }
        return virtualThreads;
    }

    /** Shuts down the virtual-thread executor, if one was made. */
    @Override
    public synchronized void close() {
        if (virtualThreads != null) {
            virtualThreads.shutdown();
        }
    }
}
