package io.envsaga.sandbox.servers;

import io.envsaga.simulation.net.Endpoint;
import io.envsaga.simulation.operators.PostgresServer;
import io.envsaga.simulation.operators.PostgresServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A PostgreSQL server process from the binaries shipped in {@code io.zonky.test.postgres}
 * (PostgreSQL 17), its data directory under the sandbox's directory, wiped at each start (the
 * Kubernetes API and the Route53 stub start empty too). Also, from the same binaries, a server of
 * its own per environment's volume for the simulated PostgreSQL StatefulSets ({@link #perVolume()}).
 */
public final class EmbeddedPostgres {

    private EmbeddedPostgres() {
    }

    public static Server start(Path dataDirectory) {
        int port = LocalServers.freePort();
        try {
            io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setPort(port).setDataDirectory(dataDirectory).setCleanDataDirectory(true).start();
            return new Server("PostgreSQL", "127.0.0.1", port, "postgres", "", "embedded PostgreSQL 17 on 127.0.0.1:" + port
                    + " (data in " + dataDirectory + ")", true, postgres::close);
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded PostgreSQL did not start", e);
        }
    }

    /**
     * A new embedded server per volume, in a temporary directory removed when it stops. As the
     * official image makes it: its superuser is the given one, with its password, and every login
     * must give its password (scram-sha-256). The embedded initdb always makes {@code postgres}
     * (trusted, without a password) and the library logs in as it to see the server up; so the
     * given superuser is created as that user, then {@code pg_hba.conf} asks every login for its
     * password and is reloaded, after which {@code postgres}, with none, cannot log in.
     */
    public static PostgresServers perVolume() {
        return (volume, superuser, password) -> {
            int port = LocalServers.freePort();
            Path data;
            io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres;
            try {
                data = Files.createTempDirectory("envsaga-pg-volume-");
                postgres = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                        .setPort(port).setDataDirectory(data).setCleanDataDirectory(true).start();
            } catch (IOException e) {
                throw new UncheckedIOException("the embedded PostgreSQL of " + volume + " did not start", e);
            }
            try (Connection connection = postgres.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
                String quoted = "\"" + superuser.replace("\"", "\"\"") + "\"";
                statement.execute(("postgres".equals(superuser) ? "ALTER ROLE " + quoted : "CREATE ROLE " + quoted + " SUPERUSER LOGIN")
                        + " PASSWORD '" + password.replace("'", "''") + "'");
                Files.writeString(data.resolve("pg_hba.conf"), "local all all scram-sha-256\n"
                        + "host all all 127.0.0.1/32 scram-sha-256\nhost all all ::1/128 scram-sha-256\n");
                statement.execute("SELECT pg_reload_conf()");
            } catch (SQLException | IOException | RuntimeException e) {
                closeQuietly(postgres);
                throw new IllegalStateException("setting up the embedded PostgreSQL of " + volume + ": " + e.getMessage(), e);
            }
            return new PerVolume(new Endpoint("127.0.0.1", port, superuser, password, "postgres", "embedded PostgreSQL 17 on 127.0.0.1:" + port),
                    postgres);
        };
    }

    private record PerVolume(Endpoint endpoint, io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres) implements PostgresServer {
        @Override
        public void close() {
            closeQuietly(postgres);
        }
    }

    private static void closeQuietly(io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            System.err.println("could not stop an embedded PostgreSQL: " + e.getMessage());
        }
    }
}
