package io.envsaga.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** A saga store of the orchestrator's, made fresh for one run and removed after it. */
public final class SagaStore implements AutoCloseable {

    public enum Kind {
        H2("H2"), POSTGRES("PostgreSQL");

        private final String title;

        Kind(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }

        public static Kind of(String name) {
            return switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "h2" -> H2;
                case "postgres", "postgresql", "pg" -> POSTGRES;
                default -> throw new BenchException("--store: unknown saga store '" + name + "' (h2 or postgres)");
            };
        }
    }

    /** Where PostgreSQL is: its administrative database's URL, user and password. */
    public record Postgres(String adminUrl, String username, String password) {
    }

    private final Kind kind;
    private final Map<String, String> springProperties;
    private final Runnable cleanup;

    private SagaStore(Kind kind, Map<String, String> springProperties, Runnable cleanup) {
        this.kind = kind;
        this.springProperties = springProperties;
        this.cleanup = cleanup;
    }

    public static SagaStore create(Kind kind, String name, Postgres postgres) {
        return kind == Kind.H2 ? h2(name) : postgres(name, postgres);
    }

    /** The orchestrator's default store (an H2 file, with its default URL's options), in a directory of its own. */
    private static SagaStore h2(String name) {
        try {
            Path directory = Files.createTempDirectory(name + "-h2");
            String url = "jdbc:h2:file:" + directory.resolve("envsaga-orchestrator")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
            return new SagaStore(Kind.H2, Map.of("spring.datasource.url", url), () -> deleteTree(directory));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SagaStore postgres(String name, Postgres postgres) {
        String database = name.replaceAll("[^a-z0-9]+", "_");
        execute(postgres, "CREATE DATABASE " + database);
        String url = postgres.adminUrl().substring(0, postgres.adminUrl().lastIndexOf('/') + 1) + database;
        return new SagaStore(Kind.POSTGRES, Map.of("spring.datasource.url", url, "spring.datasource.username", postgres.username(),
                "spring.datasource.password", postgres.password()),
                () -> execute(postgres, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)"));
    }

    private static void execute(Postgres postgres, String sql) {
        try (Connection connection = DriverManager.getConnection(postgres.adminUrl(), postgres.username(), postgres.password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new BenchException("PostgreSQL at " + postgres.adminUrl() + " as " + postgres.username() + ": " + e.getMessage()
                    + " (start it with: bash scripts/services.sh)");
        }
    }

    public Kind kind() {
        return kind;
    }

    public Map<String, String> springProperties() {
        return springProperties;
    }

    @Override
    public void close() {
        cleanup.run();
    }

    private static void deleteTree(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
