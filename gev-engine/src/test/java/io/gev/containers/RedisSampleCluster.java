package io.gev.containers;

import java.util.ArrayList;
import java.util.List;
import org.testcontainers.containers.Network;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.lifecycle.Startables;

/**
 * Instances of a sample sharing a {@link RedisContainer}, on a Docker network of their own (for the clustered chat
 * and push tests). Not thread safe.
 */
public final class RedisSampleCluster implements AutoCloseable {

    private final Network network = Network.newNetwork();
    private final RedisContainer redis = new RedisContainer(network);
    private final List<SampleContainer> instances = new ArrayList<>();

    public Network network() {
        return network;
    }

    /** The network's subnet (CIDR), where the instances' peers on it are. */
    public String subnet() {
        return Docker.subnet(network.getId());
    }

    public RedisContainer redis() {
        return redis;
    }

    public List<SampleContainer> instances() {
        return instances;
    }

    /**
     * Starts Redis, then one instance of {@code image} per alias (in parallel) with its gev server on {@code port},
     * each with {@code arguments} and {@code spring.data.redis.host} naming the Redis container; returns once they all
     * started.
     */
    public void start(ImageFromDockerfile image, int port, List<String> aliases, List<String> arguments) {
        redis.container().start();
        List<String> withRedis = new ArrayList<>(arguments);
        withRedis.add("--spring.data.redis.host=" + RedisContainer.ALIAS);
        for (String alias : aliases) {
            instances.add(new SampleContainer(image, network, alias, port, withRedis));
        }
        Startables.deepStart(instances.stream().map(SampleContainer::container)).join();
    }

    @Override
    public void close() {
        instances.forEach(SampleContainer::close);
        redis.close();
        network.close();
    }
}
