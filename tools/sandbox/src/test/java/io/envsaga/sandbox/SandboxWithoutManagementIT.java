package io.envsaga.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.envsaga.sandbox.qpid.QpidBrokerAdmin;
import io.envsaga.sandbox.servers.LocalServers;
import io.envsaga.simulation.net.FreePorts;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command on a machine whose RabbitMQ lacks the management plugin: the
 * machine's RabbitMQ answers on 5672, but its management API is looked for where nothing listens
 * ({@code --rabbitmq-management} at a free port), as on a broker without {@code rabbitmq_management}.
 * The bus stays on the machine's RabbitMQ (a bus prefix of its own); each environment's
 * RabbitmqCluster is backed by an embedded Qpid Broker-J of environments' own, and the start
 * block says so and why. {@code examples/codedang-stage.yaml} reaches Ready with its messaging
 * step succeeded, client-api publishes through its cluster's Service, and deletion removes its
 * vhosts and users from that broker.
 *
 * <p>PostgreSQL and Redis are the embedded ones (their probes point at free ports too), so that
 * this run's environment, which has the same name and databases as {@link SandboxLocalServersIT}'s,
 * shares nothing but the broker's bus with another run on this machine.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxWithoutManagementIT {

    private static final InetSocketAddress RABBITMQ = new InetSocketAddress("127.0.0.1", 5672);
    private static final String ENV = "codedang-stage";
    private static final Duration READY_WITHIN = Duration.ofSeconds(240);

    @TempDir
    static Path dir;
    static Sandbox sandbox;
    static SandboxClient client;
    static InetSocketAddress noManagement;
    static final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    static final String busPrefix = "sbx-nomgmt-" + UUID.randomUUID().toString().substring(0, 8);
    /** The broker users the operators made for the environment (its default user and the spec's three). */
    static final List<String> brokerUsers = new ArrayList<>();

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(LocalServers.answers(RABBITMQ), "the local RabbitMQ runs (bash scripts/services.sh)");
        noManagement = new InetSocketAddress("127.0.0.1", FreePorts.take());
        InetSocketAddress noPostgres = new InetSocketAddress("127.0.0.1", FreePorts.take());
        InetSocketAddress noRedis = new InetSocketAddress("127.0.0.1", FreePorts.take());
        SandboxOptions options = SandboxOptions.defaults().with(dir.resolve(".envsaga")).withProbes(RABBITMQ, noPostgres, noRedis)
                .withManagement(noManagement).withBus(busPrefix, "envsaga_sandbox", 0).withApply(List.of(SandboxClient.example(ENV)));
        sandbox = SandboxClient.startAndApply(options, printed);
        client = new SandboxClient(sandbox);
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
        if (LocalServers.answers(RABBITMQ)) {
            SandboxClient.deleteBus(RABBITMQ, busPrefix);
        }
    }

    @Test
    @Order(1)
    void theBusIsOnTheLocalRabbitmqAndEnvironmentsOnAnEmbeddedBrokerAndTheStartBlockSaysWhy() throws Exception {
        assertThat(sandbox.servers().broker().description()).isEqualTo("local RabbitMQ on 127.0.0.1:5672");
        assertThat(Files.readString(sandbox.file("amqp-uri"))).isEqualTo("amqp://guest:guest@127.0.0.1:5672");
        assertThat(sandbox.environmentBroker().apartFromTheBus()).isTrue();
        assertThat(sandbox.environmentBroker().server().description()).startsWith("embedded AMQP broker (Apache Qpid Broker-J");
        assertThat(sandbox.environmentBroker().server().port()).isNotEqualTo(RABBITMQ.getPort());
        String at = "127.0.0.1:" + noManagement.getPort();
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("  broker      local RabbitMQ on 127.0.0.1:5672, bus prefix " + busPrefix)
                .contains("  messaging   each environment's RabbitmqCluster: embedded AMQP broker (Apache Qpid Broker-J",
                        "because the local RabbitMQ's management API does not answer on " + at,
                        "rabbitmq-plugins enable rabbitmq_management", "the bus stays on the local RabbitMQ")
                .contains("    RabbitMQ  vhost vh of its own cluster on 127.0.0.1:" + sandbox.environmentBroker().server().port());
    }

    @Test
    @Order(2)
    void codedangStageReachesReadyWithItsMessagingStepSucceeded() {
        JsonNode env = client.awaitPhase(ENV, "ready", 1, READY_WITHIN);

        JsonNode messaging = SandboxClient.outputs(env, "messaging");
        assertThat(messaging.path("service").asText()).isEqualTo("codedang-stage-rabbitmq:5672");
        assertThat(messaging.path("vhost").asText()).isEqualTo("vh");
        assertThat(messaging.path("checked").asText()).isEqualTo("2 exchanges, 4 queues, 3 users");
        for (String step : List.of("dns", "workloads", "cache", "storage")) {
            SandboxClient.outputs(env, step);
        }
        Awaitility.await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("codedang-stage gen 1 messaging  succeeded: ", "codedang-stage gen 1  READY",
                        "/vh  users' credentials: Secrets codedang-stage-rabbitmq-client-api-user-credentials"));
    }

    @Test
    @Order(3)
    void clientApiPublishesThroughItsClustersServiceOntoTheEnvironmentsBroker() throws Exception {
        client.publishesAJudgeSubmissionAsClientApi(ENV);

        // the cluster's vhost and users are on the environments' broker
        brokerUsers.addAll(client.brokerUsersOn((QpidBrokerAdmin) sandbox.environmentBroker().admin(), ENV));
    }

    @Test
    @Order(4)
    void deletingRemovesItsVhostsAndUsersFromTheEnvironmentsBroker() throws Exception {
        client.deleteAndAwaitReleased(ENV, 1, READY_WITHIN);

        SandboxClient.awaitGoneFrom((QpidBrokerAdmin) sandbox.environmentBroker().admin(), ENV, brokerUsers);
    }
}
