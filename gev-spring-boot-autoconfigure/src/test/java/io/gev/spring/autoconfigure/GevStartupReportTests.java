package io.gev.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gev.spring.GevHandler;
import io.gev.spring.autoconfigure.GevAutoConfigurationTests.EchoHandler;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.StandardEnvironment;

/**
 * Real application starts: gev's startup errors end in Spring Boot's "APPLICATION FAILED TO START" report saying
 * what is wrong and what to change, unknown {@code gev.*} keys are warned about, and a server's log line and threads
 * carry its name.
 */
@ExtendWith(OutputCaptureExtension.class)
class GevStartupReportTests {

    @GevHandler("admin")
    static class AdminHandler extends EchoHandler {
    }

    @GevHandler
    static class SecondHandler extends EchoHandler {
    }

    @SpringBootConfiguration
    @ImportAutoConfiguration(GevAutoConfiguration.class)
    @Import({EchoHandler.class, AdminHandler.class})
    static class App {
    }

    @SpringBootConfiguration
    @ImportAutoConfiguration(GevAutoConfiguration.class)
    @Import({EchoHandler.class, SecondHandler.class})
    static class AmbiguousApp {
    }

    private static ConfigurableApplicationContext run(Class<?> app, String... args) {
        SpringApplication application = new SpringApplication(app);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setDefaultProperties(Map.of("gev.host", "127.0.0.1", "gev.port", "0",
                "gev.servers.admin.port", "0", "gev.loops", "1"));
        return application.run(args);
    }

    private static void failsToStart(Class<?> app, String... args) {
        assertThatThrownBy(() -> run(app, args).close()).isInstanceOf(RuntimeException.class);
    }

    @Test
    void aPortInUseNamesTheServerAndThePropertyToChange(CapturedOutput output) throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            failsToStart(App.class, "--gev.servers.admin.port=" + taken.getLocalPort());
            assertThat(output.getOut()).contains("APPLICATION FAILED TO START")
                    .contains("gev server 'admin': cannot bind 127.0.0.1:" + taken.getLocalPort() + ": ")
                    .contains("or set gev.servers.admin.port to a free port (0 picks one)");
        }
    }

    @Test
    void twoHandlersForOneServerAreReported(CapturedOutput output) {
        failsToStart(AmbiguousApp.class);
        assertThat(output.getOut()).contains("APPLICATION FAILED TO START")
                .containsPattern("Description:\\s+Two @GevHandler beans claim the default gev server")
                .containsPattern("Action:\\s+Give each its own server, e.g. @GevHandler\\(\"admin\"\\)");
    }

    @Test
    void aFramingThatDoesNotFitTheHandlerIsReported(CapturedOutput output) {
        failsToStart(App.class, "--gev.protocol.type=websocket");
        assertThat(output.getOut()).contains("APPLICATION FAILED TO START")
                .containsPattern("Description:\\s+gev.protocol.type=websocket needs a @GevHandler implementing "
                        + "io.gev.websocket.WebSocketHandler")
                .containsPattern("Action:\\s+Set the framing that fits the handler");
    }

    @Test
    void anInvalidValueIsReportedWithTheEnginesReason(CapturedOutput output) {
        failsToStart(App.class, "--gev.servers.admin.backlog=-1");
        assertThat(output.getOut()).contains("APPLICATION FAILED TO START")
                .contains("gev.servers.admin.backlog").contains("backlog must not be negative: -1");
    }

    @Test
    void anInvalidEnumValueListsTheValidOnesAsWritten(CapturedOutput output) {
        failsToStart(App.class, "--gev.protocol.type=length");
        assertThat(output.getOut()).contains("APPLICATION FAILED TO START")
                .contains("gev.protocol.type is 'length'")
                .contains("Set gev.protocol.type to one of: raw, line, delimiter, length-field, protobuf, websocket.");
    }

    @Test
    void unknownKeysAreWarnedAboutWithTheNearestKnownOne(CapturedOutput output) {
        try (ConfigurableApplicationContext context = run(App.class, "--gev.idle-timout=5s",
                "--gev.servers.admin.lops=2", "--gev.protocol.length-field.ofset=2", "--gev.zzzzzzzz=1",
                "--gev.access.allow[0]=127.0.0.1/32")) {
            assertThat(context.getBean(GevServers.class).get("admin").isRunning()).isTrue();
        }
        assertThat(output.getOut())
                .contains("gev: unknown property gev.idle-timout (\"gev.idle-timout\" from property source "
                        + "\"commandLineArgs\") is ignored; did you mean gev.idle-timeout?")
                .contains("gev: unknown property gev.servers.admin.lops (")
                .contains("did you mean gev.servers.admin.loops?")
                .contains("did you mean gev.protocol.length-field.offset?")
                .containsPattern("unknown property gev.zzzzzzzz \\([^)]*\\) is ignored\\R")
                .doesNotContain("unknown property gev.port").doesNotContain("unknown property gev.access")
                .doesNotContain("unknown property gev.servers.admin.port");
    }

    @Test
    void theWarningsBeanBacksOffForTheApplicationsOwn() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(GevAutoConfiguration.class))
                .withPropertyValues("gev.port=0", "gev.host=127.0.0.1", "gev.loops=1", "gev.idle-timout=1s")
                .withUserConfiguration(EchoHandler.class)
                .withBean("mine", UnknownPropertyWarnings.class,
                        () -> new UnknownPropertyWarnings(new StandardEnvironment()))
                .run(context -> assertThat(context).hasSingleBean(UnknownPropertyWarnings.class).hasBean("mine"));
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(GevAutoConfiguration.class))
                .withPropertyValues("gev.port=0", "gev.host=127.0.0.1", "gev.loops=1", "gev.idle-timout=1s")
                .withUserConfiguration(EchoHandler.class)
                .run(context -> assertThat(context.getBean(UnknownPropertyWarnings.class).unknown())
                        .anyMatch(w -> w.startsWith("gev: unknown property gev.idle-timout"))
                        .noneMatch(w -> w.contains("gev.port") || w.contains("gev.loops")));
    }

    @Test
    void eachServerLogsItsNameAndFramingAndNamesItsThreads(CapturedOutput output) {
        try (ConfigurableApplicationContext context = run(App.class, "--gev.protocol.type=line")) {
            assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                    .contains("gev-default-loop-0", "gev-default-acceptor", "gev-admin-loop-0", "gev-admin-acceptor");
        }
        assertThat(output.getOut()).contains("gev server 'default' (line framing) listening on 127.0.0.1:")
                .contains("gev server 'admin' (line framing) listening on 127.0.0.1:");
    }
}
