package io.envsaga.sandbox.servers;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The orchestrator's saga store on the sandbox's PostgreSQL: a database made afresh at every
 * start, because the sandbox's Kubernetes API and Route53 start empty too (a store remembering
 * environments that the cluster has forgotten would only mislead).
 */
public final class SagaDatabase {

    private SagaDatabase() {
    }

    /** Drops and creates {@code name}; returns its JDBC URL. */
    public static String recreate(Server postgres, String name) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("--database: '" + name + "' is not a plain PostgreSQL name (lower case letters, digits, _)");
        }
        String admin = "jdbc:postgresql://" + postgres.host() + ":" + postgres.port() + "/postgres";
        try (Connection connection = DriverManager.getConnection(admin, postgres.username(), postgres.password());
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot make the saga store's database " + name + " on " + postgres.description()
                    + ": " + e.getMessage(), e);
        }
        return "jdbc:postgresql://" + postgres.host() + ":" + postgres.port() + "/" + name;
    }
}
