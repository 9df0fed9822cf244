package io.envsaga.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.envsaga.sandbox.servers.LocalServers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox on a machine that has RabbitMQ, PostgreSQL and Redis running (this machine's, see
 * scripts/services.sh): it uses them, on a bus prefix and a database of its own.
 */
class SandboxLocalServersIT {

    private static final InetSocketAddress RABBITMQ = new InetSocketAddress("127.0.0.1", 5672);
    private static final InetSocketAddress POSTGRES = new InetSocketAddress("127.0.0.1", 5432);
    private static final InetSocketAddress REDIS = new InetSocketAddress("127.0.0.1", 6379);

    @TempDir
    static Path dir;
    static Sandbox sandbox;
    static final String suffix = UUID.randomUUID().toString().substring(0, 8);
    static final String database = "sbx_it_" + suffix;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(LocalServers.answers(RABBITMQ) && LocalServers.answers(POSTGRES) && LocalServers.answers(REDIS),
                "the local servers run (bash scripts/services.sh); SandboxEmbeddedIT covers a machine without them");
        SandboxOptions options = SandboxOptions.defaults().with(dir.resolve(".envsaga")).withProbes(RABBITMQ, POSTGRES, REDIS)
                .withBus("sbx-local-" + suffix, database, 0);
        sandbox = Sandbox.start(options, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() throws Exception {
        if (sandbox != null) {
            sandbox.close();
        }
        if (LocalServers.answers(RABBITMQ) && LocalServers.answers(POSTGRES)) {
            // what a run leaves on the machine's servers: its queues and exchanges, its database
            org.springframework.amqp.rabbit.connection.CachingConnectionFactory connections =
                    new org.springframework.amqp.rabbit.connection.CachingConnectionFactory("127.0.0.1", 5672);
            org.springframework.amqp.rabbit.core.RabbitAdmin admin = new org.springframework.amqp.rabbit.core.RabbitAdmin(connections);
            io.envsaga.contracts.bus.BusTopology topology = new io.envsaga.contracts.bus.BusTopology("sbx-local-" + suffix,
                    io.envsaga.contracts.bus.BusTopology.DEFAULT_DELIVERY_LIMIT);
            topology.allQueues().forEach(admin::deleteQueue);
            topology.allExchanges().forEach(admin::deleteExchange);
            connections.destroy();
            try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "")) {
                connection.createStatement().execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    @Test
    void usesTheLocalServersAndKeepsTheSagaInItsOwnDatabase() throws Exception {
        assertThat(sandbox.servers().broker().description()).isEqualTo("local RabbitMQ on 127.0.0.1:5672");
        assertThat(sandbox.servers().postgres().description()).isEqualTo("local PostgreSQL on 127.0.0.1:5432");
        assertThat(sandbox.servers().redis().description()).isEqualTo("local Redis on 127.0.0.1:6379");
        assertThat(Files.readString(sandbox.file("amqp-uri"))).isEqualTo("amqp://guest:guest@127.0.0.1:5672");

        String yaml = Files.readString(SandboxClient.spec("sbx-web")).replace("sbx-web", "sbx-local-" + suffix);
        SandboxClient client = new SandboxClient(sandbox);
        assertThat(client.submit(yaml).statusCode()).isEqualTo(202);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> client.environment("sbx-local-" + suffix), e -> e != null
                        && "succeeded".equals(e.path("steps").path("workloads").path("status").asText()));

        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database, "postgres", "");
             ResultSet rows = connection.createStatement().executeQuery("select count(*) from audit_messages where subject = 'sbx-local-" + suffix + "'")) {
            rows.next();
            assertThat(rows.getLong(1)).isPositive();
        }
    }

    @Test
    void codedangStagesMessagingIsRealAClientPublishesToItsExchangeAsClientApi() throws Exception {
        String env = "sbx-stage-" + suffix;
        String yaml = Files.readString(SandboxClient.example("codedang-stage")).replace("codedang-stage", env);
        SandboxClient client = new SandboxClient(sandbox);
        assertThat(client.submit(yaml).statusCode()).isEqualTo(202);

        JsonNode messaging = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                .until(() -> client.environment(env), e -> e != null
                        && "succeeded".equals(e.path("steps").path("messaging").path("status").asText()));
        assertThat(messaging.path("steps").path("messaging").path("outputs").toString()).contains("vh");

        // as the application would: the Service's address (here: where the simulated operator registered it), its user's Secret
        InetSocketAddress address = sandbox.endpoints().resolve(env, io.envsaga.kubernetes.names.ConnectionNames.rabbitmqService(env),
                io.envsaga.kubernetes.names.ConnectionNames.RABBITMQ_PORT);
        io.fabric8.kubernetes.api.model.Secret secret = sandbox.cluster().client().secrets().inNamespace(env)
                .withName(io.envsaga.kubernetes.names.ConnectionNames.rabbitmqUserSecret(env, "client-api")).get();
        com.rabbitmq.client.ConnectionFactory factory = new com.rabbitmq.client.ConnectionFactory();
        factory.setHost(address.getHostString());
        factory.setPort(address.getPort());
        factory.setVirtualHost("vh");
        factory.setUsername(value(secret, "username"));
        factory.setPassword(value(secret, "password"));
        try (com.rabbitmq.client.Connection connection = factory.newConnection();
             com.rabbitmq.client.Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            channel.basicPublish("iris.e.direct.judge", "judge.submission", null, "{\"submission\":1}".getBytes(StandardCharsets.UTF_8));
            channel.waitForConfirmsOrDie(10_000);
            com.rabbitmq.client.GetResponse got = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> channel.basicGet("client.q.judge.submission", true), r -> r != null);
            assertThat(new String(got.getBody(), StandardCharsets.UTF_8)).isEqualTo("{\"submission\":1}");
        }
    }

    private static String value(io.fabric8.kubernetes.api.model.Secret secret, String key) {
        if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
            return secret.getStringData().get(key);
        }
        return new String(java.util.Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
}
