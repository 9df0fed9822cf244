package io.envsaga.simulation.net;

/**
 * Where a service for the tests answers, and how it was found.
 *
 * @param origin "environment variable X", "local server on 127.0.0.1:5672" or "Testcontainers"
 */
public record Endpoint(String host, int port, String username, String password, String database, String origin) {
}
