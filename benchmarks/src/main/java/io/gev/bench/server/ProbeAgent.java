package io.gev.bench.server;

import java.io.IOException;

/**
 * Serves the {@link Probe} in a JVM whose main class has none, such as the tcp-proxy sample or a relay:
 * {@code java -javaagent:gev-benchmarks.jar=PORT ...} (the benchmarks jar names this class as its
 * {@code Premain-Class}). The probe's {@code connections} command answers -1: the agent cannot see them.
 */
public final class ProbeAgent {

    private ProbeAgent() {
    }

    /** Starts the probe on {@code 127.0.0.1:<port>}, before the main class runs. */
    public static void premain(String port) throws IOException {
        Probe.start(Integer.parseInt(port.trim()), () -> -1);
    }
}
