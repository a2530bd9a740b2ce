package io.gev.bench.server;

import io.gev.GevServer;
import io.gev.Handler;
import io.gev.StreamHandler;
import io.gev.TlsOptions;
import io.gev.bench.Arguments;
import io.gev.bench.TlsKeys;

/**
 * gev's echo server for the benchmarks. {@code --api bytes} is the ordinary API (the raw protocol hands each read to
 * {@code onMessage} as a {@code byte[]}, which is returned as the reply); {@code --api stream} is the zero-copy path,
 * a {@link StreamHandler} that moves the received bytes to the output buffer. {@code --tls FILE --tls-password PW}
 * serves TLS with gev's {@link TlsOptions} defaults (TLS 1.3 and 1.2) and the PKCS#12 key store's key
 * ({@link TlsKeys}).
 *
 * <p>Options: {@code --port 19001 --loops 1 --api bytes|stream --probe-port 0} (0: no probe) {@code --tls ""} (plain
 * TCP) {@code --tls-password ""}.
 */
public final class GevEchoServer {

    private GevEchoServer() {
    }

    public static void main(String[] args) throws Exception {
        Arguments options = new Arguments(args);
        Handler handler = switch (options.get("api", "bytes")) {
            case "bytes" -> (connection, context, data) -> data;
            case "stream" -> (StreamHandler) (connection, in, out) -> out.write(in);
            default -> throw new IllegalArgumentException("--api is bytes or stream");
        };
        GevServer.Builder builder = GevServer.builder(handler)
                .address("127.0.0.1", options.getInt("port", 19001))
                .loops(options.getInt("loops", 1))
                .backlog(4096);
        TlsKeys keys = TlsKeys.fromOptions(options);
        if (keys != null) {
            builder.tls(TlsOptions.builder(keys.serverContext()).build());
        }
        GevServer server = builder.build();
        server.start();
        int probe = options.getInt("probe-port", 0);
        if (probe > 0) {
            Probe.start(probe, server::connectionCount);
        }
        System.out.println("gev echo server on " + server.localAddress() + ", " + server.loopCount() + " loop(s)"
                + (keys == null ? "" : ", TLS"));
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        server.awaitTermination();
    }
}
