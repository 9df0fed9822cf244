package io.envsaga.testsupport.services;

import io.envsaga.simulation.net.Endpoint;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.containers.RabbitMQContainer;
import org.testcontainers.utility.DockerImageName;

/** Containers for machines with Docker and no local servers; one per JVM, stopped by Ryuk. */
public final class Containers {

    private static Endpoint rabbitmq;
    private static Endpoint redis;
    private static Endpoint postgres;

    private Containers() {
    }

    public static synchronized Endpoint rabbitmq() {
        if (rabbitmq == null) {
            RabbitMQContainer container = new RabbitMQContainer(DockerImageName.parse("rabbitmq:3.13-management"));
            container.start();
            rabbitmq = new Endpoint(container.getHost(), container.getAmqpPort(), container.getAdminUsername(),
                    container.getAdminPassword(), null, "Testcontainers");
        }
        return rabbitmq;
    }

    static synchronized Endpoint redis() {
        if (redis == null) {
            GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse("redis:7")).withExposedPorts(6379);
            container.start();
            redis = new Endpoint(container.getHost(), container.getMappedPort(6379), null, null, null, "Testcontainers");
        }
        return redis;
    }

    static synchronized Endpoint postgres() {
        if (postgres == null) {
            PostgreSQLContainer<?> container = new PostgreSQLContainer<>(DockerImageName.parse("postgres:16"));
            container.start();
            postgres = new Endpoint(container.getHost(), container.getMappedPort(5432), container.getUsername(),
                    container.getPassword(), container.getDatabaseName(), "Testcontainers");
        }
        return postgres;
    }
}
