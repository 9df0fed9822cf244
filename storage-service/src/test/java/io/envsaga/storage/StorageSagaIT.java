package io.envsaga.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.testsupport.kubernetes.TestOperators;
import io.envsaga.contracts.events.Step;
import io.envsaga.contracts.spec.SpecMapper;
import io.envsaga.kubernetes.endpoint.FixedEndpoints;
import io.envsaga.kubernetes.endpoint.ServiceEndpoints;
import io.envsaga.simulation.bus.ScriptedStepServices;
import io.envsaga.testsupport.kubernetes.KubernetesTestCluster;
import io.envsaga.simulation.operators.SimulatedMinioOperator;
import io.envsaga.simulation.operators.SimulatedPostgres;
import io.envsaga.testsupport.services.PostgresExtension;
import io.envsaga.testsupport.services.RabbitMqExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A saga of codedang-stage through the real bus: the orchestrator's executable jar (with
 * PostgreSQL as its store), the real storage-service against the Kubernetes test cluster, with
 * PostgreSQL played by a server of the environment's own (the machine's binaries) and MinIO by
 * S3Proxy; the other four steps are stand-ins (their services are other issues'), scripted to
 * succeed. Runs after package (failsafe): the orchestrator's jar must exist (the module depends on
 * it for build order only).
 */
class StorageSagaIT {

    @RegisterExtension
    static final RabbitMqExtension rabbit = new RabbitMqExtension();
    @RegisterExtension
    static final PostgresExtension store = new PostgresExtension();
    @RegisterExtension
    static final KubernetesTestCluster cluster = new KubernetesTestCluster();

    static final String TOKEN = "saga-it-admin-token";
    static final FixedEndpoints endpoints = new FixedEndpoints();
    static final HttpClient http = HttpClient.newHttpClient();
    static SimulatedPostgres postgres;
    static SimulatedMinioOperator minio;
    static ScriptedStepServices others;
    static ConfigurableApplicationContext storage;
    static Process orchestrator;
    static Path orchestratorLog;
    static int orchestratorPort;

    @BeforeAll
    static void start() throws IOException {
        postgres = TestOperators.postgres(cluster, endpoints);
        minio = new SimulatedMinioOperator(cluster, endpoints);
        others = new ScriptedStepServices(rabbit.connectionFactory(), rabbit.topology(), EnumSet.complementOf(EnumSet.of(Step.STORAGE)));
        List<String> args = new ArrayList<>(List.of(rabbit.springArguments()));
        args.addAll(List.of("--envsaga.kubernetes.master-url=" + cluster.url(), "--server.port=0", "--spring.main.banner-mode=off",
                "--envsaga.kubernetes.ready-timeout=90s", "--envsaga.participant.retry.initial-backoff=50ms"));
        storage = new SpringApplicationBuilder(StorageServiceApplication.class)
                .initializers(context -> context.getBeanFactory().registerSingleton("serviceEndpoints", (ServiceEndpoints) endpoints))
                .run(args.toArray(String[]::new));
        orchestratorPort = freePort();
        Path jar = Path.of("..", "orchestrator", "target", "envsaga-orchestrator.jar");
        assertThat(jar).as("the orchestrator's executable jar (build it: ./mvnw -pl storage-service -am verify)").exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), "--server.port=" + orchestratorPort, "--ENVSAGA_ADMIN_TOKEN=" + TOKEN,
                "--envsaga.orchestrator.deadlines.default-deadline=120s"));
        Map<String, String> properties = new java.util.LinkedHashMap<>(rabbit.springProperties());
        properties.putAll(store.springProperties());
        properties.forEach((k, v) -> command.add("--" + k + "=" + v));
        orchestratorLog = Files.createTempFile("envsaga-orchestrator", ".log");
        orchestrator = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(orchestratorLog.toFile()).start();
        Awaitility.await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .failFast("the orchestrator exited; its log is " + orchestratorLog, () -> !orchestrator.isAlive())
                .until(() -> get("/actuator/health").body(), body -> body.contains("\"UP\""));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (orchestrator != null) {
            orchestrator.destroy();
            orchestrator.waitFor();
        }
        if (storage != null) {
            storage.close();
        }
        others.close();
        minio.close();
        postgres.close();
    }

    @Test
    void codedangStageIsReadyWithTheStorageStepsOutputsAndDeletionKeepsItsData() throws IOException {
        String database = "skkuding_" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
        String spec = Files.readString(examples().resolve("codedang-stage.yaml")).replace("databases: [skkuding]", "databases: [" + database + "]");
        assertThat(spec).contains(database);

        HttpResponse<String> submitted = send("POST", "/api/v1/environments", "application/yaml", spec);
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);

        JsonNode view = awaitPhase("ready", Duration.ofSeconds(180));
        JsonNode steps = view.get("steps");
        assertThat(steps.properties()).hasSize(5);
        JsonNode outputs = steps.get("storage").get("outputs");
        assertThat(outputs.get("postgres").asString()).isEqualTo("codedang-stage-postgres:5432");
        assertThat(outputs.get("databases").asString()).isEqualTo(database);
        assertThat(outputs.get("buckets").asString()).isEqualTo("codedang-testcase,codedang-media,codedang-plag-checks");
        // the operator made the buckets from the Tenant's spec: the check found them, it made none
        // on the environment's own server, whose superuser the administrative user is (as the image makes POSTGRES_USER)
        assertThat(outputs.get("created").asString()).isEqualTo("role " + database + ",database " + database);
        for (String scripted : List.of("dns", "workloads", "messaging", "cache")) {
            assertThat(steps.get(scripted).get("outputs").get("by").asString()).isEqualTo("scripted-" + scripted);
        }

        assertThat(send("DELETE", "/api/v1/environments/codedang-stage", null, null).statusCode()).isEqualTo(202);
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> get("/api/v1/environments/codedang-stage").statusCode() == 404
                        || "deleted".equals(SpecMapper.json().readTree(get("/api/v1/environments/codedang-stage").body()).path("phase").asString()));
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cluster.client().apps().statefulSets()
                .inNamespace("codedang-stage").list().getItems()).as("the step's and, by garbage collection, the Tenant pool's").isEmpty());
        assertThat(cluster.client().persistentVolumeClaims().inNamespace("codedang-stage").list().getItems()).hasSize(2);
        assertThat(cluster.client().secrets().inNamespace("codedang-stage").withName("codedang-stage-postgres-credentials").get()).isNotNull();
    }

    private static JsonNode awaitPhase(String phase, Duration within) {
        return Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .failFast("the orchestrator exited; its log is " + orchestratorLog, () -> !orchestrator.isAlive())
                .until(() -> SpecMapper.json().readTree(get("/api/v1/environments/codedang-stage").body()),
                        node -> {
                            assertThat(node.path("phase").asString()).as(node.toString()).isNotIn("failed", "rolling_back");
                            return phase.equals(node.path("phase").asString());
                        });
    }

    private static Path examples() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(dir.resolve("examples"))) {
            dir = dir.getParent();
        }
        return dir.resolve("examples");
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + orchestratorPort + path))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(String method, String path, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + orchestratorPort + path))
                .header("Authorization", "Bearer " + TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        return io.envsaga.simulation.net.FreePorts.take();
    }
}
