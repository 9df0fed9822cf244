package io.envsaga.sandbox.servers;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/** The three servers of the sandbox: each the local one when it answers (unless --embedded), else an embedded one. */
public record Servers(Server broker, Server postgres, Server redis) implements AutoCloseable {

    /**
     * @param dir          where the embedded servers keep their data
     * @param embeddedOnly use the embedded servers even where a local one answers
     * @param rabbitmq     where a local RabbitMQ is looked for (likewise {@code postgres} and {@code redis})
     */
    public static Servers start(Path dir, boolean embeddedOnly, InetSocketAddress rabbitmq, InetSocketAddress postgres,
                                InetSocketAddress redis) {
        boolean local = !embeddedOnly;
        Server broker = local && LocalServers.answers(rabbitmq)
                ? Server.local("RabbitMQ", rabbitmq.getHostString(), rabbitmq.getPort(), "guest", "guest")
                : EmbeddedBroker.start(dir.resolve("qpid"));
        Server postgresServer = null;
        try {
            postgresServer = local && LocalServers.answers(postgres)
                    ? Server.local("PostgreSQL", postgres.getHostString(), postgres.getPort(), "postgres", "")
                    : EmbeddedPostgres.start(dir.resolve("postgres"));
            Server redisServer = local && LocalServers.answers(redis)
                    ? Server.local("Redis", redis.getHostString(), redis.getPort(), null, null)
                    : EmbeddedRedis.start();
            return new Servers(broker, postgresServer, redisServer);
        } catch (RuntimeException e) {
            closeQuietly(postgresServer);
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
