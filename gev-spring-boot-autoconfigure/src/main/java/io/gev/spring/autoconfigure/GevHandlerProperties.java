package io.gev.spring.autoconfigure;

/** Where handlers run ({@code gev.handler.*}). */
public class GevHandlerProperties {

    /**
     * Where the handler's callbacks run: loop (on the event loops; they must not block), virtual (a virtual
     * thread per call, Java 21+) or application (Spring's applicationTaskExecutor, virtual threads with
     * spring.threads.virtual.enabled). Off the loop, the calls of one connection still run one at a time, in
     * order.
     */
    private Executor executor = Executor.LOOP;

    /**
     * With an executor: most messages of one connection that may wait for its handler before gev stops reading
     * the connection (until half of them are handled); 0 means no limit.
     */
    private int maxPendingPerConnection = 1024;

    public Executor getExecutor() {
        return executor;
    }

    public void setExecutor(Executor executor) {
        this.executor = executor;
    }

    public int getMaxPendingPerConnection() {
        return maxPendingPerConnection;
    }

    public void setMaxPendingPerConnection(int maxPendingPerConnection) {
        this.maxPendingPerConnection = maxPendingPerConnection;
    }

    /** Where {@code gev.handler.executor} runs handlers. */
    public enum Executor {
        /** On the event loops. */
        LOOP,
        /** One virtual thread per call (Java 21 or newer). */
        VIRTUAL,
        /** Spring's applicationTaskExecutor bean. */
        APPLICATION
    }
}
