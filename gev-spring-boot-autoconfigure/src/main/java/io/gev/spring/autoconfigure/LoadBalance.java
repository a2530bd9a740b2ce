package io.gev.spring.autoconfigure;

import io.gev.LoadBalancer;
import java.util.function.Supplier;

/** The built-in {@link LoadBalancer}s, as {@code gev.load-balance} names them. */
public enum LoadBalance {

    /** Hand connections to the loops in turn. */
    ROUND_ROBIN(LoadBalancer::roundRobin),

    /** Pick the loop with the fewest connections. */
    LEAST_CONNECTIONS(LoadBalancer::leastConnections),

    /** Keep all connections from one IP address on one loop. */
    SOURCE_ADDRESS_HASH(LoadBalancer::sourceAddressHash);

    private final Supplier<LoadBalancer> factory;

    LoadBalance(Supplier<LoadBalancer> factory) {
        this.factory = factory;
    }

    /** A new balancer of this kind. */
    public LoadBalancer create() {
        return factory.get();
    }
}
