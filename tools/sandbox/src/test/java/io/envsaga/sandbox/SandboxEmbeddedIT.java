package io.envsaga.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Payloads;
import io.envsaga.contracts.events.Step;
import io.envsaga.kubernetes.names.ConnectionNames;
import io.envsaga.sandbox.qpid.QpidBrokerAdmin;
import io.envsaga.sandbox.servers.EmbeddedBroker;
import io.envsaga.simulation.route53.RecordSet;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox as on a bare machine: {@code --embedded} makes it ignore the servers on 5672, 5432
 * and 6379 (this machine has them), so it runs on its embedded broker, PostgreSQL and Redis, and
 * the simulated Redis operator runs the redis-server binary the embedded Redis ships. The whole
 * of {@code examples/codedang-stage.yaml} is applied, messaging included: the simulated RabbitMQ
 * operators make its vhost, users and permissions on the embedded broker (Qpid Broker-J) in
 * process (docs/sandbox.md). It reaches Ready with all five steps' outputs, client-api publishes
 * to its exchange and is refused what its permissions refuse, its other services answer, a
 * failed update rolls back and deletion releases it, the broker's vhosts and users included.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxEmbeddedIT {

    private static final String ENV = "codedang-stage";
    private static final Duration READY_WITHIN = Duration.ofSeconds(180);

    @TempDir
    static Path dir;
    static Sandbox sandbox;
    static SandboxClient client;
    static Path spec;
    static final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    /** The broker users the operators made for the environment (its default user and the spec's three). */
    static final List<String> brokerUsers = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        spec = SandboxClient.example(ENV);
        SandboxOptions options = SandboxOptions.defaults().with(dir.resolve(".envsaga")).withEmbeddedOnly(true)
                .withBus("sbx-emb-" + UUID.randomUUID().toString().substring(0, 8), "envsaga_sandbox", 0).withApply(List.of(spec));
        sandbox = SandboxClient.startAndApply(options, printed);
        client = new SandboxClient(sandbox);
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    @Order(1)
    void runsOnEmbeddedServersThoughLocalOnesAnswerAndWritesItsFiles() throws Exception {
        assertThat(sandbox.servers().broker().description()).startsWith("embedded AMQP broker (Apache Qpid Broker-J");
        assertThat(sandbox.servers().postgres().description()).startsWith("embedded PostgreSQL");
        assertThat(sandbox.servers().redis().description()).startsWith("embedded Redis");
        String token = Files.readString(sandbox.file("token"));
        assertThat(token).hasSizeGreaterThan(40);
        assertThat(Files.readString(sandbox.file("url"))).isEqualTo(sandbox.apiUrl());
        assertThat(Files.readString(sandbox.file("amqp-uri"))).isEqualTo("amqp://guest:guest@127.0.0.1:" + sandbox.servers().broker().port());
        assertThat(Files.readString(sandbox.file("kubeconfig"))).contains("server: " + sandbox.cluster().url().replaceAll("/$", ""));
        // environments' clusters are vhosts of their own on the same embedded broker, and the start block says so
        assertThat(sandbox.environmentBroker().apartFromTheBus()).isFalse();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("broker      embedded AMQP broker (Apache Qpid Broker-J",
                "  messaging   each environment's RabbitmqCluster: vhosts of its own on the same embedded broker (made in-process)");
        // the API wants the token
        assertThat(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(sandbox.apiUrl() + "/api/v1/environments")).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(401);
        assertThat(sandbox.api("GET", "/api/v1/environments").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void reachesReadyWithAllFiveStepsOutputsPrintedStepByStep() {
        JsonNode env = client.awaitPhase(ENV, "ready", 1, READY_WITHIN);

        assertThat(SandboxClient.outputs(env, "dns").path("hosts").asText()).isEqualTo("stage.codedang.com");
        assertThat(sandbox.route53().record("codedang.com", "stage.codedang.com", "A")).map(RecordSet::values).contains(List.of("127.0.0.1"));
        assertThat(SandboxClient.outputs(env, "workloads").path("url").asText()).isEqualTo("https://stage.codedang.com");
        assertThat(SandboxClient.outputs(env, "cache").path("service").asText()).isEqualTo("codedang-stage-redis");
        assertThat(SandboxClient.outputs(env, "storage").path("buckets").asText()).isEqualTo("codedang-testcase,codedang-media,codedang-plag-checks");
        JsonNode messaging = SandboxClient.outputs(env, "messaging");
        assertThat(messaging.path("service").asText()).isEqualTo("codedang-stage-rabbitmq:5672");
        assertThat(messaging.path("vhost").asText()).isEqualTo("vh");
        assertThat(messaging.path("checked").asText()).isEqualTo("2 exchanges, 4 queues, 3 users");
        assertThat(messaging.path("userSecrets").asText()).contains("codedang-stage-rabbitmq-client-api-user-credentials");
        Awaitility.await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("codedang-stage gen 1  requested: the steps of cluster stage start", "codedang-stage gen 1 workloads  ... client-api 2/2 available",
                        "codedang-stage gen 1 messaging  succeeded: ", "/vh  users' credentials: Secrets codedang-stage-rabbitmq-client-api",
                        "codedang-stage gen 1 cache      succeeded: ", "codedang-stage gen 1 storage    succeeded: ",
                        "codedang-stage gen 1  READY"));
    }

    @Test
    @Order(3)
    void clientApiPublishesToTheJudgeExchangeAndIsRefusedWhatItsPermissionsRefuse() throws Exception {
        client.publishesAJudgeSubmissionAsClientApi(ENV);

        // client-api's configure permission is "": the broker refuses it a queue declare (Broker-J closes the connection)
        com.rabbitmq.client.Connection connection = client.amqp(ENV, "vh", "client-api");
        try {
            assertThatThrownBy(() -> connection.createChannel().queueDeclare("client-api.own", false, false, true, java.util.Map.of()))
                    .hasStackTraceContaining("reply-code=403, reply-text=Permission CREATE is denied");
        } finally {
            if (connection.isOpen()) {
                connection.close();
            }
        }
        // nor may it connect to another vhost of the cluster (RabbitMQ: no permissions there, no access)
        assertThatThrownBy(() -> client.amqp(ENV, "/", "client-api")).hasStackTraceContaining("reply-code=403");

        // what the deletion must remove from the broker: the cluster's vhosts and its users
        brokerUsers.addAll(client.brokerUsersOn(((EmbeddedBroker.Running) sandbox.servers().broker().stop()).admin(), ENV));
    }

    @Test
    @Order(4)
    void itsRedisDatabaseAndBucketsAnswerOnTheEmbeddedServers() throws Exception {
        client.redis(ENV, redis -> {
            assertThat(redis.ping()).isEqualTo("PONG");
            // the shipped binary (6.2), not the machine's redis-server
            assertThat(redis.info("server")).contains("redis_version:6.2");
        });

        // a server of the environment's own (as its StatefulSet would have), not the sandbox's: the embedded binaries, its
        // administrative user the superuser (the image's POSTGRES_USER), nothing of the saga store's there, passwords checked
        InetSocketAddress database = client.service(ENV, ConnectionNames.postgres(ENV), ConnectionNames.POSTGRES_PORT);
        assertThat(database.getPort()).isNotEqualTo(sandbox.servers().postgres().port());
        try (Connection connection = client.database(ENV, "skkuding");
             ResultSet rows = connection.createStatement().executeQuery("select current_database(), (select rolsuper from pg_roles"
                     + " where rolname = current_user), (select count(*) from pg_database where datname = 'envsaga_sandbox'), version()")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo("skkuding");
            assertThat(rows.getBoolean(2)).isTrue();
            assertThat(rows.getLong(3)).isZero();
            assertThat(rows.getString(4)).startsWith("PostgreSQL 17");
        }
        String user = client.secret(ENV, ConnectionNames.postgresCredentialsSecret(ENV), "username");
        assertThatThrownBy(() -> java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + database.getPort() + "/skkuding",
                user, "not-its-password").close()).hasMessageContaining("password authentication failed");

        InetSocketAddress minio = client.service(ENV, ConnectionNames.minioService(), ConnectionNames.MINIO_PORT);
        String keys = ConnectionNames.minioCredentialsSecret(ENV);
        try (var s3 = SandboxClient.s3(minio, client.secret(ENV, keys, "accessKey"), client.secret(ENV, keys, "secretKey"))) {
            s3.putObject(b -> b.bucket("codedang-media").key("logo.txt"), software.amazon.awssdk.core.sync.RequestBody.fromString("logo"));
            assertThat(s3.getObjectAsBytes(b -> b.bucket("codedang-media").key("logo.txt")).asUtf8String()).isEqualTo("logo");
        }
    }

    @Test
    @Order(5)
    void kubectlListsWhatEnvsagaMadeAndTheHistoryShowsTheSaga() throws Exception {
        String out = client.kubectl("get", "deploy,svc,ingress", "-A");

        assertThat(out.lines()).anySatisfy(line -> assertThat(line).contains(ENV, "deployment.apps/client-api", "2/2"));
        assertThat(out.lines()).anySatisfy(line -> assertThat(line).contains(ENV, "service/frontend", "5525/TCP"));
        assertThat(out.lines()).anySatisfy(line -> assertThat(line).contains(ENV, "ingress.networking.k8s.io/codedang-stage",
                "stage.codedang.com"));
        List<String> types = new ArrayList<>();
        client.history(ENV).forEach(record -> types.add(record.path("type").asText()));
        assertThat(types).contains("io.envsaga.environment.requested", "io.envsaga.step.succeeded", "io.envsaga.environment.ready");
    }

    @Test
    @Order(6)
    void aBrokenImageFailsTheWorkloadsStepWithinSecondsAndTheLastGoodSpecComesBack() throws Exception {
        String broken = Files.readString(spec).replace("codedang-frontend:sha-1a2b3c", "codedang-frontend:broken");
        long before = System.nanoTime();

        assertThat(client.submit(broken).statusCode()).isEqualTo(202);

        Payloads.StepFailed failed = (Payloads.StepFailed) Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> sandbox.progress().events().stream().filter(e -> e.type() == EventType.STEP_FAILED
                        && e.step() == Step.WORKLOADS && ENV.equals(e.subject())).findFirst(), java.util.Optional::isPresent)
                .orElseThrow().data();
        System.out.printf("BENCHMARK broken image: step.workloads.failed %d ms after the submission%n",
                Duration.ofNanos(System.nanoTime() - before).toMillis());
        assertThat(failed.reason()).contains("frontend", "ImagePullBackOff", "codedang-frontend:broken");
        JsonNode env = client.awaitPhase(ENV, "ready", 3, READY_WITHIN);
        assertThat(env.path("spec").toString()).contains("codedang-frontend:sha-1a2b3c").doesNotContain(":broken");
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("codedang-stage gen 2 workloads  FAILED: frontend: ImagePullBackOff");
    }

    @Test
    @Order(7)
    void deletingReleasesWhatTheStepsMadeTheBrokersVhostsAndUsersIncluded() throws Exception {
        client.deleteAndAwaitReleased(ENV, 3, READY_WITHIN);

        assertThat(sandbox.route53().record("codedang.com", "stage.codedang.com", "A")).isEmpty();
        QpidBrokerAdmin admin = ((EmbeddedBroker.Running) sandbox.servers().broker().stop()).admin();
        SandboxClient.awaitGoneFrom(admin, ENV, brokerUsers);
        // the bus's own vhost and user are still there
        assertThat(admin.users()).contains("guest");
        assertThat(admin.vhosts()).contains("default");
    }
}
