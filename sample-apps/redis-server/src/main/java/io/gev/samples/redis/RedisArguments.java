package io.gev.samples.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Takes program arguments the way {@code redis-server} does ({@code --appendonly yes --appendfsync always}) as well
 * as Spring's ({@code --redis.appendonly=yes}): each {@code --name value} pair whose name is a Redis setting the
 * server has becomes the Spring property; every other argument is passed on as it is.
 */
final class RedisArguments {

    /** Redis's setting names and the properties they are. */
    private static final Map<String, String> SETTINGS = Map.of(
            "port", "gev.port",
            "appendonly", "redis.appendonly",
            "appendfsync", "redis.appendfsync",
            "dir", "redis.dir",
            "appendfilename", "redis.appendfilename",
            "auto-aof-rewrite-percentage", "redis.auto-aof-rewrite-percentage",
            "auto-aof-rewrite-min-size", "redis.auto-aof-rewrite-min-size");

    private RedisArguments() {
    }

    /** {@code args} with Redis's {@code --name value} pairs as Spring's {@code --property=value}. */
    static String[] toSpring(String[] args) {
        List<String> spring = new ArrayList<>(args.length);
        for (int i = 0; i < args.length; i++) {
            String property = args[i].startsWith("--")
                    ? SETTINGS.get(args[i].substring(2).toLowerCase(Locale.ROOT)) : null;
            if (property != null && i + 1 < args.length) {
                spring.add("--" + property + "=" + args[++i]);
            } else {
                spring.add(args[i]);
            }
        }
        return spring.toArray(String[]::new);
    }
}
