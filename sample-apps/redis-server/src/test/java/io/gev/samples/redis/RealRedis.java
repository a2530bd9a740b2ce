package io.gev.samples.redis;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real redis-server for a test class, as a JUnit extension: {@code @RegisterExtension static final RealRedis redis =
 * new RealRedis();} starts one before the class's tests and stops it after them.
 */
final class RealRedis implements BeforeAllCallback, AfterAllCallback {

    private RedisServerProcess process;

    /** The port the redis-server listens on (127.0.0.1). */
    int port() {
        return process.port();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        process = RedisServerProcess.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (process != null) {
            process.close();
        }
    }
}
