package io.gev.samples.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedisArgumentsTests {

    @Test
    void redisServerStylePairsBecomeSpringProperties() {
        assertThat(RedisArguments.toSpring(new String[] { "--appendonly", "yes", "--APPENDFSYNC", "always",
                "--port", "7000", "--dir", "/tmp/x" }))
                .containsExactly("--redis.appendonly=yes", "--redis.appendfsync=always", "--gev.port=7000",
                        "--redis.dir=/tmp/x");
    }

    @Test
    void springArgumentsAndUnknownNamesPassAsTheyAre() {
        assertThat(RedisArguments.toSpring(new String[] { "--redis.appendonly=yes", "--debug", "--appendonly" }))
                .containsExactly("--redis.appendonly=yes", "--debug", "--appendonly");
    }
}
