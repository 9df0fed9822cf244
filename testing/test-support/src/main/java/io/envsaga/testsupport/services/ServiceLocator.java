package io.envsaga.testsupport.services;

import io.envsaga.simulation.net.Endpoint;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Finds a real server for the tests, in this order: a URI in an environment variable, the
 * server on 127.0.0.1 at its standard port, a Testcontainers container when Docker runs. When
 * none is there, the test run fails with one message that says what to start: it never skips.
 */
public final class ServiceLocator {

    /** What to look for. */
    public record Service(String name, String uriVariable, int standardPort, String defaultUser, String defaultPassword,
                          String defaultDatabase) {
    }

    public static final Service RABBITMQ = new Service("RabbitMQ", "ENVSAGA_TEST_RABBITMQ_URI", 5672, "guest", "guest", null);
    public static final Service REDIS = new Service("Redis", "ENVSAGA_TEST_REDIS_URI", 6379, null, null, null);
    public static final Service POSTGRES = new Service("PostgreSQL", "ENVSAGA_TEST_POSTGRES_URI", 5432, "postgres", "", "postgres");

    private final Map<String, String> environment;
    private final String localHost;
    private final BooleanSupplier dockerAvailable;

    public ServiceLocator(Map<String, String> environment, String localHost, BooleanSupplier dockerAvailable) {
        this.environment = environment;
        this.localHost = localHost;
        this.dockerAvailable = dockerAvailable;
    }

    public static ServiceLocator standard() {
        return new ServiceLocator(System.getenv(), "127.0.0.1", ServiceLocator::dockerRuns);
    }

    /**
     * @param port      the port to probe on the local host (the standard one, except in tests of this class)
     * @param container starts a container and returns its endpoint; called only when Docker runs
     */
    public Endpoint locate(Service service, int port, Supplier<Endpoint> container) {
        String uri = environment.get(service.uriVariable());
        if (uri != null && !uri.isBlank()) {
            return fromUri(service, uri);
        }
        if (answers(localHost, port)) {
            return new Endpoint(localHost, port, service.defaultUser(), service.defaultPassword(), service.defaultDatabase(),
                    "local server on " + localHost + ":" + port);
        }
        if (dockerAvailable.getAsBoolean()) {
            return container.get();
        }
        throw new ServiceUnavailableException(service.name() + " is needed by the tests and none was found: "
                + service.uriVariable() + " is not set, nothing answers on " + localHost + ":" + port
                + ", and Docker is not running for Testcontainers. Start the local services with "
                + "`bash scripts/services.sh` (it installs and starts RabbitMQ, Redis and PostgreSQL), "
                + "or set " + service.uriVariable() + ".");
    }

    public Endpoint locate(Service service, Supplier<Endpoint> container) {
        return locate(service, service.standardPort(), container);
    }

    static Endpoint fromUri(Service service, String value) {
        URI uri = URI.create(value);
        String user = service.defaultUser();
        String password = service.defaultPassword();
        if (uri.getUserInfo() != null) {
            String[] parts = uri.getUserInfo().split(":", 2);
            user = parts[0];
            password = parts.length > 1 ? parts[1] : "";
        }
        String database = uri.getPath() != null && uri.getPath().length() > 1 ? uri.getPath().substring(1) : service.defaultDatabase();
        int port = uri.getPort() > 0 ? uri.getPort() : service.standardPort();
        return new Endpoint(uri.getHost(), port, user, password, database, "environment variable " + service.uriVariable());
    }

    static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean dockerRuns() {
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }
}
