package io.gev;

/**
 * An echo server for {@link AcceptUnderFdExhaustionTest} to run in a JVM of its own under a low {@code ulimit -n}: it
 * prints {@value #PORT_PREFIX} and its port on a line of its own, then serves until it is killed.
 */
final class FdLimitedEchoServer {

    static final String PORT_PREFIX = "gev-port=";

    private FdLimitedEchoServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        GevServer server = GevServer.builder((connection, context, data) -> data).address("127.0.0.1", 0).loops(1)
                .build();
        server.start();
        System.out.println(PORT_PREFIX + server.port());
        System.out.flush();
        server.awaitTermination();
    }
}
