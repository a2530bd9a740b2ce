package io.gev;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * A JVM of its own under a low {@code ulimit -n}, running a test's main class: how tests meet a process out of file
 * descriptors without lowering the limit of the JVM running them. Its output and error are one stream.
 */
final class FdLimitedJvm {

    private FdLimitedJvm() {
    }

    /** Starts {@code main} under {@code ulimit -n fdLimit}; bash execs the JVM, so the process is the JVM itself. */
    static Process start(Class<?> main, int fdLimit) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder("bash", "-c",
                "ulimit -n " + fdLimit + " && exec \"$0\" -Xmx64m -cp \"$1\" " + main.getName(), java,
                classpath(main));
        builder.redirectErrorStream(true);
        return builder.start();
    }

    /** Ends the process: gracefully, then forcibly. */
    static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Only what the main class needs: gev, the class's directory and SLF4J with its binding. The whole test classpath
     * would do as well, but SLF4J's provider lookup opens every jar on it, spending a good part of the descriptors.
     */
    private static String classpath(Class<?> main) {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> c : List.of(main, GevServer.class, LoggerFactory.class,
                LoggerFactory.getILoggerFactory().getClass())) {
            try {
                entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
