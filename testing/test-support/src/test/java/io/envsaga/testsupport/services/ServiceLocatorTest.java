package io.envsaga.testsupport.services;

import io.envsaga.simulation.net.Endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ServiceLocatorTest {

    private static final Endpoint CONTAINER = new Endpoint("docker-host", 32768, "guest", "guest", null, "Testcontainers");

    @Test
    void anEnvironmentVariableWinsOverEverythingElse() {
        ServiceLocator locator = new ServiceLocator(Map.of("ENVSAGA_TEST_RABBITMQ_URI", "amqp://ci:secret@broker.test:5673"),
                "127.0.0.1", () -> true);

        Endpoint endpoint = locator.locate(ServiceLocator.RABBITMQ, 1, () -> CONTAINER);

        assertThat(endpoint).isEqualTo(new Endpoint("broker.test", 5673, "ci", "secret", null,
                "environment variable ENVSAGA_TEST_RABBITMQ_URI"));
    }

    @Test
    void aLocalServerOnTheStandardPortIsUsedWhenOneAnswers() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ServiceLocator locator = new ServiceLocator(Map.of(), "127.0.0.1", () -> true);

            Endpoint endpoint = locator.locate(ServiceLocator.POSTGRES, server.getLocalPort(), () -> CONTAINER);

            assertThat(endpoint.port()).isEqualTo(server.getLocalPort());
            assertThat(endpoint.username()).isEqualTo("postgres");
            assertThat(endpoint.origin()).startsWith("local server");
        }
    }

    @Test
    void aContainerIsStartedOnlyWhenNothingAnswersAndDockerRuns() throws IOException {
        int closedPort = closedPort();
        AtomicBoolean started = new AtomicBoolean();
        ServiceLocator locator = new ServiceLocator(Map.of(), "127.0.0.1", () -> true);

        Endpoint endpoint = locator.locate(ServiceLocator.REDIS, closedPort, () -> {
            started.set(true);
            return CONTAINER;
        });

        assertThat(started).isTrue();
        assertThat(endpoint).isEqualTo(CONTAINER);
    }

    @Test
    void withNoServerAndNoDockerTheRunFailsWithOneMessageSayingWhatToStart() throws IOException {
        int closedPort = closedPort();
        ServiceLocator locator = new ServiceLocator(Map.of(), "127.0.0.1", () -> false);

        assertThatThrownBy(() -> locator.locate(ServiceLocator.RABBITMQ, closedPort, () -> CONTAINER))
                .isInstanceOf(ServiceUnavailableException.class)
                .hasMessageContaining("RabbitMQ is needed by the tests")
                .hasMessageContaining("ENVSAGA_TEST_RABBITMQ_URI is not set")
                .hasMessageContaining("nothing answers on 127.0.0.1:" + closedPort)
                .hasMessageContaining("Docker is not running")
                .hasMessageContaining("bash scripts/services.sh");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort(); // closed again when this returns: nothing answers there
        }
    }
}
