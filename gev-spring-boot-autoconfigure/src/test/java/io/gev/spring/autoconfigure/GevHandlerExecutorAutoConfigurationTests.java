package io.gev.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.gev.Connection;
import io.gev.Handler;
import io.gev.spring.GevHandler;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

/** {@code gev.handler.*}: where handlers run, seen from inside a handler over a real socket. */
class GevHandlerExecutorAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GevAutoConfiguration.class, TaskExecutionAutoConfiguration.class))
            .withUserConfiguration(ThreadNameHandler.class)
            .withPropertyValues("gev.port=0", "gev.host=127.0.0.1", "gev.loops=1");

    /** Answers every message with the name of the thread it ran on and whether that thread is virtual. */
    @GevHandler
    static class ThreadNameHandler implements Handler {
        @Override
        public Object onMessage(Connection connection, Object context, byte[] data) {
            return Thread.currentThread().getName() + " virtual=" + isVirtual(Thread.currentThread()) + "\n";
        }

        static boolean isVirtual(Thread thread) {
            try {
                return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
            } catch (ReflectiveOperationException e) {
                return false; // before Java 21 no thread is virtual
            }
        }
    }

    static String handlerThread(ApplicationContext context) {
        try (Socket socket = new Socket("127.0.0.1", Echo.port(context, ""))) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write('?');
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void byDefaultHandlersRunOnTheLoop() {
        runner.run(context -> assertThat(handlerThread(context)).isEqualTo("gev-default-loop-0 virtual=false"));
    }

    @Test
    void applicationRunsHandlersOnTheApplicationTaskExecutor() {
        runner.withPropertyValues("gev.handler.executor=application").run(context ->
                assertThat(handlerThread(context)).startsWith("task-").endsWith("virtual=false"));
    }

    @Test
    void applicationWithoutATaskExecutorFailsNamingTheProperty() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(GevAutoConfiguration.class))
                .withUserConfiguration(ThreadNameHandler.class)
                .withPropertyValues("gev.port=0", "gev.handler.executor=application").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).hasStackTraceContaining(
                            "gev.handler.executor is application, but there is no applicationTaskExecutor bean");
                });
    }

    @Test
    @EnabledForJreRange(max = JRE.JAVA_20)
    void virtualBeforeJava21FailsStartupSayingWhy() {
        runner.withPropertyValues("gev.handler.executor=virtual").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .hasStackTraceContaining("gev.handler.executor is virtual, which needs Java 21 or newer");
        });
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void virtualRunsEachCallOnAVirtualThreadFromJava21() {
        runner.withPropertyValues("gev.handler.executor=virtual").run(context ->
                assertThat(handlerThread(context)).endsWith("virtual=true"));
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void applicationWithSpringVirtualThreadsRunsOnVirtualThreads() {
        runner.withPropertyValues("gev.handler.executor=application", "spring.threads.virtual.enabled=true")
                .run(context -> assertThat(handlerThread(context)).endsWith("virtual=true"));
    }

    @Test
    void aNamedServerHasItsOwnExecutorSetting() {
        runner.withUserConfiguration(GevAutoConfigurationTests.AdminHandler.class)
                .withPropertyValues("gev.handler.executor=application", "gev.servers.admin.port=0",
                        "gev.servers.admin.handler.executor=loop")
                .run(context -> {
                    assertThat(handlerThread(context)).startsWith("task-");
                    assertThat(Echo.roundTrip(Echo.port(context, "admin"), "x", 7)).isEqualTo("admin:x");
                });
    }

    @Test
    void aNegativePendingLimitFailsNamingTheProperty() {
        Refusals.failsNaming(runner.withPropertyValues("gev.handler.max-pending-per-connection=-1"),
                "gev.handler.max-pending-per-connection", -1,
                Refusals.tcpRefusal(b -> b.maxPendingPerConnection(-1)));
    }
}
