package io.gev.samples.push;

import io.gev.Timer;
import io.gev.spring.autoconfigure.GevServerLifecycle;
import io.gev.spring.autoconfigure.GevServers;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.SmartLifecycle;

/**
 * One timer on the gev server, every {@code push.interval}: sends {@code tick N} to every subscriber, N counting the
 * server's ticks from 1. It starts once the server runs and stops before the server drains. The ticker of an instance
 * on its own ({@code push.cluster.enabled=false}, the default).
 */
public class Ticker implements SmartLifecycle {

    private final GevServers servers;
    private final Subscribers subscribers;
    private final PushProperties properties;
    private final AtomicLong ticks = new AtomicLong();
    private volatile Timer timer;

    public Ticker(GevServers servers, Subscribers subscribers, PushProperties properties) {
        this.servers = servers;
        this.subscribers = subscribers;
        this.properties = properties;
    }

    @Override
    public void start() {
        timer = servers.get(GevServers.DEFAULT).runEvery(properties.interval(),
                () -> subscribers.sendToAll("tick " + ticks.incrementAndGet()));
    }

    @Override
    public void stop() {
        timer.cancel();
        timer = null;
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }

    /** After gev's lifecycle: started once the server runs, stopped before it drains. */
    @Override
    public int getPhase() {
        return GevServerLifecycle.PHASE + 1;
    }
}
