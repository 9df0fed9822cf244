package io.envsaga.sandbox.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/** A Redis server process from the binaries shipped in {@code com.github.codemonstur:embedded-redis}. */
public final class EmbeddedRedis {

    private EmbeddedRedis() {
    }

    public static Server start() {
        int port = LocalServers.freePort();
        try {
            RedisServer redis = RedisServer.newRedisServer().bind("127.0.0.1").port(port)
                    .setting("save \"\"").setting("appendonly no").build();
            redis.start();
            return new Server("Redis", "127.0.0.1", port, null, null, "embedded Redis 6.2 on 127.0.0.1:" + port, true, redis::stop);
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded Redis did not start", e);
        }
    }

    /**
     * The shipped redis-server binary (6.2, this platform's), extracted to a temporary file: what
     * the simulated Redis operator runs per environment on a machine without its own redis-server.
     */
    public static Path binary() {
        try {
            return ExecutableProvider.newJarResourceProvider().get().toPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the embedded redis-server binary", e);
        }
    }
}
