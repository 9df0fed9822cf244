package io.envsaga.storage;

import io.envsaga.participant.StepFailure;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * Makes each database of the spec and a role of its name that owns it, on the environment's
 * PostgreSQL, logged in as the administrative user of the credentials Secret. Idempotent: what
 * it made before is left as it is, and a second run changes nothing. The owning roles cannot log
 * in; the administrative user is a member of each, so a workload may {@code SET ROLE} to create
 * objects the role owns.
 *
 * <p>It never takes over what it did not make: it grants the administrative user membership only
 * of a role it has just created (or, on PostgreSQL 16 and later, one it created before and so
 * administers), and gives a database to its role only if the database is the administrative
 * user's own (as the image's {@code POSTGRES_DB} makes it). A role or database of someone else on
 * the same server (another environment's, on a shared server) is refused with the reason
 * ({@link StepFailure}, not retryable): with {@code CREATEROLE} a user could otherwise make itself a
 * member of any role, read its databases and drop them on delete.
 */
public final class PostgresBootstrap {

    /** SQLSTATEs of "already exists", when two runs race on one server. */
    private static final String DUPLICATE_OBJECT = "42710";
    private static final String DUPLICATE_DATABASE = "42P04";

    private final int connectTimeoutSeconds;

    public PostgresBootstrap(int connectTimeoutSeconds) {
        this.connectTimeoutSeconds = connectTimeoutSeconds;
    }

    /**
     * @return what it created or changed, e.g. {@code ["role skkuding", "database skkuding"]}; empty when all was there
     * @throws StepFailure with the driver's one-line message (never the password): retryable when the server could not be reached
     */
    public List<String> run(String server, InetSocketAddress address, String username, String password, List<String> databases) {
        Properties properties = new Properties();
        properties.setProperty("user", username);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", Integer.toString(connectTimeoutSeconds));
        properties.setProperty("socketTimeout", "60");
        properties.setProperty("ApplicationName", "envsaga-storage");
        String url = "jdbc:postgresql://" + address.getHostString() + ":" + address.getPort() + "/postgres";
        List<String> changes = new ArrayList<>();
        try (Connection connection = new Driver().connect(url, properties)) {
            for (String database : databases) {
                ensureRole(connection, server, database, changes);
                ensureDatabase(connection, server, database, changes);
            }
        } catch (SQLException e) {
            boolean unreachable = e.getSQLState() != null && e.getSQLState().startsWith("08");
            throw new StepFailure("PostgreSQL " + server + ": " + oneLine(e.getMessage(), password), unreachable);
        }
        return changes;
    }

    private static void ensureRole(Connection connection, String server, String role, List<String> changes) throws SQLException {
        boolean created = false;
        if (!exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", role)) {
            executeUnlessExists(connection, "CREATE ROLE " + quote(role) + " NOLOGIN", DUPLICATE_OBJECT);
            changes.add("role " + role);
            created = true;
        }
        // needed to make it a database's owner; a superuser is a member of every role already. USAGE, not
        // MEMBER: since PostgreSQL 16 the creator of a role is a member of it without SET or INHERIT, which
        // CREATE DATABASE ... OWNER refuses ("must be able to SET ROLE"); a granted membership has both
        if (!exists(connection, "SELECT 1 WHERE pg_has_role(current_user, ?, 'USAGE')", role)) {
            // only a role it made: on PostgreSQL 15 CREATEROLE may grant any role, also another environment's
            if (!created && !exists(connection, "SELECT 1 WHERE pg_has_role(current_user, ?, 'MEMBER WITH ADMIN OPTION')", role)) {
                throw new StepFailure("PostgreSQL " + server + ": role '" + role + "' exists and was not made by this environment's"
                        + " administrative user (it is not a member of it): refusing to make itself a member of it; database '"
                        + role + "' needs a name of its own", false);
            }
            execute(connection, "GRANT " + quote(role) + " TO CURRENT_USER");
            changes.add("membership in " + role);
        }
    }

    private static void ensureDatabase(Connection connection, String server, String database, List<String> changes) throws SQLException {
        String owner = null;
        boolean found = false;
        try (PreparedStatement query = connection.prepareStatement("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = ?")) {
            query.setString(1, database);
            try (ResultSet rows = query.executeQuery()) {
                if (rows.next()) {
                    found = true;
                    owner = rows.getString(1);
                }
            }
        }
        if (!found) {
            executeUnlessExists(connection, "CREATE DATABASE " + quote(database) + " OWNER " + quote(database), DUPLICATE_DATABASE);
            changes.add("database " + database);
        } else if (!database.equals(owner)) {
            if (!exists(connection, "SELECT 1 WHERE current_user = ?", owner)) {
                throw new StepFailure("PostgreSQL " + server + ": database '" + database + "' exists and belongs to '" + owner
                        + "', neither its role nor this environment's administrative user: refusing to take it over", false);
            }
            execute(connection, "ALTER DATABASE " + quote(database) + " OWNER TO " + quote(database));
            changes.add("owner of database " + database);
        }
    }

    private static boolean exists(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void executeUnlessExists(Connection connection, String sql, String alreadyExists) throws SQLException {
        try {
            execute(connection, sql);
        } catch (SQLException e) {
            if (!alreadyExists.equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    /** A quoted identifier (names are validated already; quoting keeps any name an identifier). */
    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    static String oneLine(String message, String secret) {
        String text = message == null ? "no message" : message.strip().replaceAll("\\s*\\R\\s*", " ");
        if (secret != null && !secret.isEmpty()) {
            text = text.replace(secret, "***");
        }
        return text.length() > 300 ? text.substring(0, 297) + "..." : text;
    }
}
