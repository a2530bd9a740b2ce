package io.gev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Out of file descriptors, a {@link GevClient}'s connect fails with a {@link LocalConnectException} (this side's
 * failure, so that whoever keeps the remote's health does not blame it), with the JDK's "Too many open files" as its
 * cause; and connects again as soon as a descriptor is free. The client runs in a JVM of its own
 * ({@link FdLimitedDialer}) under {@code ulimit -n} {@value #FD_LIMIT}.
 */
class ClientUnderFdExhaustionTest {

    private static final int FD_LIMIT = 96;

    @Test
    void outOfDescriptorsAConnectFailsAsThisSidesFailureAndWorksAgainOnceOneIsFree() throws Exception {
        assumeTrue(ProcFs.isAvailable(), "needs Linux (ulimit and EMFILE)");
        Process dialer = FdLimitedJvm.start(FdLimitedDialer.class, FD_LIMIT);
        try {
            String output = new String(dialer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(dialer.waitFor(60, TimeUnit.SECONDS)).as("the dialer ended").isTrue();
            System.out.print(output);
            assertThat(dialer.exitValue()).as("exit status; output:%n%s", output).isZero();
            assertThat(output).containsPattern(FdLimitedDialer.FAILED + "\\d+: io.gev.LocalConnectException: "
                    + "no socket could be had here to connect to .*127.0.0.1:\\d+ \\(Too many open files\\); cause "
                    + "java.net.SocketException: Too many open files")
                    .contains(FdLimitedDialer.AGAIN + "connected true");
        } finally {
            FdLimitedJvm.stop(dialer);
        }
    }
}
