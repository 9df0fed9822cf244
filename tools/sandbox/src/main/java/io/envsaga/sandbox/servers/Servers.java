package io.envsaga.sandbox.servers;

import io.envsaga.sandbox.SandboxOptions;
import java.nio.file.Path;

/** The three servers of the sandbox: each the local one when it answers (unless --embedded), else an embedded one. */
public record Servers(Server broker, Server postgres, Server redis) implements AutoCloseable {

    public static Servers start(SandboxOptions options) {
        Path dir = options.directory();
        boolean local = !options.embeddedOnly();
        Server broker = local && LocalServers.answers(options.rabbitmq())
                ? Server.local("RabbitMQ", options.rabbitmq().getHostString(), options.rabbitmq().getPort(), "guest", "guest")
                : EmbeddedBroker.start(dir.resolve("qpid"));
        Server postgres = null;
        try {
            postgres = local && LocalServers.answers(options.postgres())
                    ? Server.local("PostgreSQL", options.postgres().getHostString(), options.postgres().getPort(), "postgres", "")
                    : EmbeddedPostgres.start(dir.resolve("postgres"));
            Server redis = local && LocalServers.answers(options.redis())
                    ? Server.local("Redis", options.redis().getHostString(), options.redis().getPort(), null, null)
                    : EmbeddedRedis.start();
            return new Servers(broker, postgres, redis);
        } catch (RuntimeException e) {
            closeQuietly(postgres);
            closeQuietly(broker);
            throw e;
        }
    }

    @Override
    public void close() {
        closeQuietly(redis);
        closeQuietly(postgres);
        closeQuietly(broker);
    }

    private static void closeQuietly(Server server) {
        if (server != null) {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("could not stop " + server.description() + ": " + e.getMessage());
            }
        }
    }
}
