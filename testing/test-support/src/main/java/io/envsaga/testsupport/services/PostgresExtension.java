package io.envsaga.testsupport.services;

import io.envsaga.simulation.net.Endpoint;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The real PostgreSQL for a test class, with a database of its own, dropped after the class. */
public class PostgresExtension implements BeforeAllCallback, AfterAllCallback {

    private Endpoint endpoint;
    private String database;

    @Override
    public void beforeAll(ExtensionContext context) throws SQLException {
        endpoint = server();
        String slug = context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        database = "t_" + (slug.length() > 40 ? slug.substring(0, 40) : slug) + "_"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
        try (Connection connection = DriverManager.getConnection(adminUrl(), endpoint.username(), endpoint.password());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
    }

    /** The real PostgreSQL the tests use, as its administrator. */
    public static Endpoint server() {
        return ServiceLocator.standard().locate(ServiceLocator.POSTGRES, Containers::postgres);
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
        if (database == null) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(adminUrl(), endpoint.username(), endpoint.password());
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private String adminUrl() {
        return "jdbc:postgresql://" + endpoint.host() + ":" + endpoint.port() + "/" + endpoint.database();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + endpoint.host() + ":" + endpoint.port() + "/" + database;
    }

    public String username() {
        return endpoint.username();
    }

    public String password() {
        return endpoint.password();
    }

    public String database() {
        return database;
    }

    public Map<String, String> springProperties() {
        return Map.of("spring.datasource.url", jdbcUrl(),
                "spring.datasource.username", username(),
                "spring.datasource.password", password() == null ? "" : password());
    }
}
