package io.envsaga.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Payloads;
import io.envsaga.contracts.events.Step;
import io.envsaga.kubernetes.names.ConnectionNames;
import io.envsaga.sandbox.servers.LocalServers;
import io.envsaga.simulation.route53.RecordSet;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
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
 * The README's first command, in-process, on a machine that has RabbitMQ, PostgreSQL and Redis
 * running (this machine's, see scripts/services.sh): the sandbox uses them (on a bus prefix and a
 * saga database of its own) and {@code examples/codedang-stage.yaml} goes through its whole life
 * as a user would see it: Ready with all five steps' outputs, each of its services reachable as
 * its workloads would reach them, a failed update rolled back, and deletion. Beside it
 * {@code examples/codedang-production.yaml} on the sandbox's second cluster, the end-to-end test of
 * clusters (issue 27): each environment's objects on its own cluster's API server only, its A
 * records on its own cluster's nodes, and the deletion of stage leaving production untouched. One
 * sandbox for the class; the phases run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxLocalServersIT {

    private static final InetSocketAddress RABBITMQ = new InetSocketAddress("127.0.0.1", 5672);
    private static final InetSocketAddress POSTGRES = new InetSocketAddress("127.0.0.1", 5432);
    private static final InetSocketAddress REDIS = new InetSocketAddress("127.0.0.1", 6379);
    private static final String ENV = "codedang-stage";
    private static final String PRODUCTION = "codedang-production";
    private static final Duration READY_WITHIN = Duration.ofSeconds(180);

    @TempDir
    static Path dir;
    static Sandbox sandbox;
    static SandboxClient client;
    static final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    static final String suffix = UUID.randomUUID().toString().substring(0, 8);
    static final String database = "sbx_it_" + suffix;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(LocalServers.answers(RABBITMQ) && LocalServers.answers(POSTGRES) && LocalServers.answers(REDIS),
                "the local servers run (bash scripts/services.sh); SandboxEmbeddedIT covers a machine without them");
        SandboxOptions options = SandboxOptions.defaults().with(dir.resolve(".envsaga")).withProbes(RABBITMQ, POSTGRES, REDIS)
                .withBus("sbx-local-" + suffix, database, 0).withApply(List.of(SandboxClient.example(ENV),
                SandboxClient.example(PRODUCTION)));
        sandbox = SandboxClient.startAndApply(options, printed);
        client = new SandboxClient(sandbox);
    }

    @AfterAll
    static void stop() throws Exception {
        if (sandbox != null) {
            sandbox.close();
        }
        if (LocalServers.answers(RABBITMQ) && LocalServers.answers(POSTGRES)) {
            // what a run leaves on the machine's servers: its queues and exchanges, its database
            SandboxClient.deleteBus(RABBITMQ, "sbx-local-" + suffix);
            try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "")) {
                connection.createStatement().execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    /**
     * Issue 12's first acceptance point, and the end-to-end points of issue 8 ("a full saga of
     * codedang-stage through the real bus reaches the messaging step's outputs in GET") and
     * issue 10 ("a saga of codedang-stage through the real bus reaches Ready with all five
     * steps' outputs"): the sandbox applied the example at start (as {@code --apply} does) and
     * the saga, through the real broker, ends READY with every step's outputs in the API.
     */
    @Test
    @Order(1)
    void codedangStageReachesReadyWithAllFiveStepsOutputsInGet() throws Exception {
        assertThat(sandbox.servers().broker().description()).isEqualTo("local RabbitMQ on 127.0.0.1:5672");
        assertThat(sandbox.servers().postgres().description()).isEqualTo("local PostgreSQL on 127.0.0.1:5432");
        assertThat(sandbox.servers().redis().description()).isEqualTo("local Redis on 127.0.0.1:6379");
        // the management API answers: environments' clusters are vhosts of their own on the same RabbitMQ
        assertThat(sandbox.environmentBroker().apartFromTheBus()).isFalse();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("  messaging   each environment's RabbitmqCluster: vhosts of its own "
                + "on the same RabbitMQ (made through its management API on 127.0.0.1:15672)");
        assertThat(Files.readString(sandbox.file("amqp-uri"))).isEqualTo("amqp://guest:guest@127.0.0.1:5672");

        JsonNode env = client.awaitPhase(ENV, "ready", 1, READY_WITHIN);

        assertThat(env.path("generation").asLong()).isEqualTo(1);
        JsonNode dns = SandboxClient.outputs(env, "dns");
        assertThat(dns.path("hosts").asText()).isEqualTo("stage.codedang.com");
        assertThat(dns.path("zone").asText()).isEqualTo("codedang.com");
        JsonNode workloads = SandboxClient.outputs(env, "workloads");
        assertThat(workloads.path("url").asText()).isEqualTo("https://stage.codedang.com");
        assertThat(workloads.path("services").asText()).isEqualTo("client-api,admin-api,frontend");
        JsonNode messaging = SandboxClient.outputs(env, "messaging");
        assertThat(messaging.path("service").asText()).isEqualTo("codedang-stage-rabbitmq:5672");
        assertThat(messaging.path("vhost").asText()).isEqualTo("vh");
        assertThat(messaging.path("checked").asText()).isEqualTo("2 exchanges, 4 queues, 3 users");
        assertThat(messaging.path("userSecrets").asText()).contains("codedang-stage-rabbitmq-client-api-user-credentials");
        JsonNode cache = SandboxClient.outputs(env, "cache");
        assertThat(cache.path("service").asText()).isEqualTo("codedang-stage-redis");
        assertThat(cache.path("maxmemory").asText()).isEqualTo("268435456");
        JsonNode storage = SandboxClient.outputs(env, "storage");
        assertThat(storage.path("postgres").asText()).isEqualTo("codedang-stage-postgres:5432");
        assertThat(storage.path("databases").asText()).isEqualTo("skkuding");
        assertThat(storage.path("buckets").asText()).isEqualTo("codedang-testcase,codedang-media,codedang-plag-checks");
        // outputs name Secrets, never their contents
        String password = client.secret(ENV, ConnectionNames.postgresCredentialsSecret(ENV), "password");
        assertThat(env.toString()).doesNotContain(password);

        Awaitility.await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("codedang-stage gen 1 messaging  succeeded: ", "codedang-stage gen 1 cache      succeeded: ",
                        "codedang-stage gen 1 storage    succeeded: ", "codedang-stage gen 1  READY"));
        // after READY: where its services answer here, and which Secret holds what (never a credential)
        InetSocketAddress redis = client.service(ENV, ConnectionNames.redis(ENV), ConnectionNames.REDIS_PORT);
        Awaitility.await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("codedang-stage answers on this machine", "    Redis     redis://127.0.0.1:" + redis.getPort(),
                        "/vh  users' credentials: Secrets codedang-stage-rabbitmq-client-api-user-credentials",
                        "/skkuding  user and password: Secret codedang-stage-postgres-credentials",
                        "buckets codedang-testcase, codedang-media, codedang-plag-checks")
                .doesNotContain(password));
        // the saga store is the local PostgreSQL (the sandbox's own database)
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database, "postgres", "");
             ResultSet rows = connection.createStatement().executeQuery("select count(*) from audit_messages where subject = '" + ENV + "'")) {
            rows.next();
            assertThat(rows.getLong(1)).isPositive();
        }
    }

    /** Issue 27: two clusters, each environment on its own; kubectl per context; each host on its own cluster's nodes. */
    @Test
    @Order(2)
    void codedangProductionIsReadyOnTheProductionClusterAndNothingOfEitherIsOnTheOther() throws Exception {
        JsonNode production = client.awaitPhase(PRODUCTION, "ready", 1, READY_WITHIN);
        assertThat(production.path("spec").path("spec").path("cluster").asText()).isEqualTo("production");
        // the production cluster runs no storage step: four steps, none of them storage
        List<String> steps = new ArrayList<>();
        production.path("steps").fieldNames().forEachRemaining(steps::add);
        assertThat(steps).containsExactlyInAnyOrder("dns", "workloads", "messaging", "cache");
        JsonNode stage = client.awaitPhase(ENV, "ready", 1, READY_WITHIN);
        assertThat(stage.path("spec").path("spec").path("cluster").asText()).as("no spec.cluster: the default cluster").isEqualTo("stage");

        var stageCluster = sandbox.cluster("stage");
        var productionCluster = sandbox.cluster("production");
        assertThat(SandboxClient.objectsOn(stageCluster, ENV)).contains("Deployment codedang-stage/client-api",
                "StatefulSet codedang-stage/codedang-stage-postgres");
        assertThat(SandboxClient.objectsOn(productionCluster, PRODUCTION)).contains("Deployment codedang/client-api",
                "Service codedang/frontend");
        assertThat(SandboxClient.objectsOn(stageCluster, PRODUCTION)).as("production's objects on stage's API server").isEmpty();
        assertThat(SandboxClient.objectsOn(productionCluster, ENV)).as("stage's objects on production's API server").isEmpty();
        assertThat(stageCluster.api().client().namespaces().withName("codedang").get()).isNull();
        assertThat(productionCluster.api().client().namespaces().withName("codedang-stage").get()).isNull();

        // kubectl with the sandbox's kubeconfig: one context per cluster, stage the current one
        assertThat(client.kubectl("--context", "production", "get", "deploy", "-A").lines())
                .anySatisfy(line -> assertThat(line).contains("codedang", "client-api", "3/3")).noneMatch(line -> line.contains(ENV));
        assertThat(client.kubectl("get", "deploy", "-A")).contains(ENV).doesNotContain("codedang   ");

        // each host on its own cluster's nodes
        assertThat(sandbox.route53().record("codedang.com", "stage.codedang.com", "A")).map(RecordSet::values)
                .contains(List.of(stageCluster.nodeAddress()));
        assertThat(sandbox.route53().record("codedang.com", "codedang.com", "A")).map(RecordSet::values)
                .contains(List.of(productionCluster.nodeAddress()));
        assertThat(stageCluster.nodeAddress()).isNotEqualTo(productionCluster.nodeAddress());
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("codedang-production gen 1  READY",
                "codedang-production (" + SandboxClient.example(PRODUCTION) + ") on cluster production, once Ready:");
    }

    @Test
    @Order(3)
    void aClientConnectsToTheVhostAsClientApiAndPublishesToTheJudgeExchange() throws Exception {
        client.publishesAJudgeSubmissionAsClientApi(ENV);
    }

    @Test
    @Order(4)
    void itsRedisAnswersPing() {
        client.redis(ENV, redis -> {
            assertThat(redis.ping()).isEqualTo("PONG");
            assertThat(redis.configGet("maxmemory")).containsEntry("maxmemory", "268435456");
        });
    }

    @Test
    @Order(5)
    void itsSkkudingDatabaseTakesALoginWithTheWorkloadsCredentials() throws Exception {
        String user = client.secret(ENV, ConnectionNames.postgresCredentialsSecret(ENV), "username");
        assertThat(client.service(ENV, ConnectionNames.postgres(ENV), ConnectionNames.POSTGRES_PORT).getPort())
                .as("a server of the environment's own (the machine's binaries), not the local server on 5432").isNotEqualTo(5432);
        try (Connection connection = client.database(ENV, "skkuding");
             ResultSet rows = connection.createStatement().executeQuery("select current_database(), current_user")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo("skkuding");
            assertThat(rows.getString(2)).isEqualTo(user);
            // the workloads' user may create tables there (it is a member of the database's owner)
            connection.createStatement().execute("create table sandbox_it (id int)");
            connection.createStatement().execute("drop table sandbox_it");
        }
    }

    @Test
    @Order(6)
    void eachBucketTakesAnObjectWrittenAndReadWithTheWorkloadsKey() throws Exception {
        InetSocketAddress address = client.service(ENV, ConnectionNames.minioService(), ConnectionNames.MINIO_PORT);
        String secret = ConnectionNames.minioCredentialsSecret(ENV);
        try (var s3 = SandboxClient.s3(address, client.secret(ENV, secret, "accessKey"), client.secret(ENV, secret, "secretKey"))) {
            for (String bucket : List.of("codedang-testcase", "codedang-media", "codedang-plag-checks")) {
                s3.putObject(b -> b.bucket(bucket).key("sandbox-it.txt"),
                        software.amazon.awssdk.core.sync.RequestBody.fromString("hello " + bucket));
                assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("sandbox-it.txt")).asUtf8String()).isEqualTo("hello " + bucket);
            }
        }
    }

    @Test
    @Order(7)
    void kubectlListsTheObjects() throws Exception {
        String out = client.kubectl("get", "deploy,svc,ingress", "-A");

        assertThat(out.lines()).anySatisfy(line -> assertThat(line).contains(ENV, "deployment.apps/client-api", "2/2"));
        assertThat(out.lines()).anySatisfy(line -> assertThat(line).contains(ENV, "deployment.apps/iris", "2/2"));
        assertThat(out.lines()).anySatisfy(line -> assertThat(line).contains(ENV, "service/frontend", "5525/TCP"));
        assertThat(out.lines()).anySatisfy(line -> assertThat(line).contains(ENV, "service/codedang-stage-postgres"));
        assertThat(out.lines()).anySatisfy(line -> assertThat(line).contains(ENV, "ingress.networking.k8s.io/codedang-stage",
                "stage.codedang.com"));
    }

    @Test
    @Order(8)
    void theHistoryShowsTheSaga() {
        List<String> steps = new ArrayList<>();
        client.history(ENV).forEach(record -> {
            if ("io.envsaga.step.succeeded".equals(record.path("type").asText())) {
                steps.add(record.path("routingKey").asText());
            }
        });
        List<String> types = new ArrayList<>();
        client.history(ENV).forEach(record -> types.add(record.path("type").asText()));

        assertThat(types).startsWith("io.envsaga.environment.requested").contains("io.envsaga.step.progress", "io.envsaga.environment.ready");
        assertThat(String.join(" ", steps)).contains("dns", "workloads", "messaging", "cache", "storage");
    }

    /** A documented `:broken` tag: the workloads step fails at once with the kubelet's reason, and the last good spec comes back. */
    @Test
    @Order(9)
    void aBrokenImageShowsTheReasonAndEndsBackOnThePreviousSpec() throws Exception {
        String good = Files.readString(SandboxClient.example(ENV));
        String broken = good.replace("codedang-frontend:sha-1a2b3c", "codedang-frontend:broken");

        assertThat(client.submit(broken).statusCode()).isEqualTo(202);

        Payloads.StepFailed failed = (Payloads.StepFailed) Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> sandbox.progress().events().stream().filter(e -> e.type() == EventType.STEP_FAILED
                        && e.step() == Step.WORKLOADS && ENV.equals(e.subject())).findFirst(), java.util.Optional::isPresent)
                .orElseThrow().data();
        assertThat(failed.reason()).contains("frontend", "ImagePullBackOff", "codedang-frontend:broken");
        // generation 2 failed; generation 3 re-applies generation 1's spec and the environment is ready on it
        JsonNode env = client.awaitPhase(ENV, "ready", 3, READY_WITHIN);
        assertThat(env.path("generation").asLong()).isEqualTo(3);
        assertThat(env.path("spec").toString()).contains("codedang-frontend:sha-1a2b3c").doesNotContain(":broken");
        assertThat(client.kubectl("get", "deploy", "frontend", "-n", ENV, "-o", "jsonpath={.spec.template.spec.containers[0].image}"))
                .isEqualTo("ghcr.io/skkuding/codedang-frontend:sha-1a2b3c");
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("codedang-stage gen 2 workloads  FAILED: frontend: ImagePullBackOff",
                "codedang-stage gen 3  READY");
    }

    /**
     * Deletion releases everything: nothing of the environment is left in the Kubernetes API by
     * its label but the data that {@code retainOnDelete: true} keeps on purpose (the storage
     * step's claims and credential Secrets, docs/storage-service.md), and no DNS record.
     */
    @Test
    @Order(10)
    void deletingEndsDeletedWithNothingLeftByLabelButTheKeptData() throws Exception {
        client.deleteAndAwaitReleased(ENV, 3, READY_WITHIN);

        String label = "envsaga.io/environment=" + ENV;
        assertThat(client.kubectl("get", "secret,pvc", "-n", ENV, "-l", label, "-o", "name").lines().sorted().toList()).containsExactly(
                "persistentvolumeclaim/data-codedang-stage-postgres-0", "persistentvolumeclaim/data0-codedang-stage-minio-pool-0-0",
                "secret/codedang-stage-minio-configuration", "secret/codedang-stage-minio-credentials",
                "secret/codedang-stage-postgres-credentials");
        List<RecordSet> records = sandbox.route53().records("codedang.com");
        assertThat(records).noneMatch(r -> r.name().contains("stage.codedang.com"));
    }

    /** Issue 27: deleting stage's environment left production's as it was, on its own cluster. */
    @Test
    @Order(11)
    void deletingStageLeftProductionUntouched() {
        JsonNode production = client.awaitPhase(PRODUCTION, "ready", 1, READY_WITHIN);
        assertThat(production.path("generation").asLong()).isEqualTo(1);
        assertThat(SandboxClient.objectsOn(sandbox.cluster("production"), PRODUCTION)).contains("Deployment codedang/client-api",
                "Deployment codedang/admin-api", "Deployment codedang/frontend");
        assertThat(sandbox.route53().record("codedang.com", "codedang.com", "A")).map(RecordSet::values)
                .contains(List.of(sandbox.cluster("production").nodeAddress()));
        List<String> types = new ArrayList<>();
        client.history(PRODUCTION).forEach(record -> types.add(record.path("type").asText()));
        assertThat(types).doesNotContain("io.envsaga.environment.deletion-requested", "io.envsaga.step.released");
    }
}
