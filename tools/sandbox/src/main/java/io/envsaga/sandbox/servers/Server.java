package io.envsaga.sandbox.servers;

/**
 * A server the sandbox uses: a local one that answered, or one it started in-process.
 *
 * @param name        "RabbitMQ", "PostgreSQL", "Redis"
 * @param description what it is, for the start-up block ("local RabbitMQ on 127.0.0.1:5672")
 * @param embedded    whether the sandbox started it (and stops it)
 */
public record Server(String name, String host, int port, String username, String password, String description, boolean embedded,
                     AutoCloseable stop) implements AutoCloseable {

    public static Server local(String name, String host, int port, String username, String password) {
        return new Server(name, host, port, username, password, "local " + name + " on " + host + ":" + port, false, () -> { });
    }

    @Override
    public void close() throws Exception {
        stop.close();
    }
}
