package io.envsaga.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.envsaga.contracts.events.Step;
import io.envsaga.contracts.spec.SpecMapper;
import io.envsaga.kubernetes.endpoint.FixedEndpoints;
import io.envsaga.simulation.bus.ScriptedStepServices;
import io.envsaga.testsupport.kubernetes.KubernetesTestCluster;
import io.envsaga.simulation.operators.SimulatedRedisOperator;
import io.envsaga.testsupport.services.PostgresExtension;
import io.envsaga.testsupport.services.RabbitMqExtension;
import io.envsaga.simulation.specs.Examples;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A saga of codedang-stage through the real bus: the orchestrator (its jar, with java -jar) takes
 * the spec over REST, cache-service (this module, started as in production) makes the Redis
 * through the simulated Opstree operator, which runs a real redis-server, and the other four
 * steps are scripted stand-ins. The cache step's outputs reach GET /api/v1/environments; the
 * deletion stops the environment's redis-server.
 */
class CacheSagaIT {

    @RegisterExtension
    static final RabbitMqExtension rabbit = new RabbitMqExtension();
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();
    @RegisterExtension
    static final KubernetesTestCluster cluster = new KubernetesTestCluster();

    private static final String TOKEN = "admin-token-for-cache-saga";
    private static final FixedEndpoints endpoints = new FixedEndpoints();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static Process orchestrator;
    private static Path orchestratorLog;
    private static int orchestratorPort;
    private static SimulatedRedisOperator operator;
    private static ScriptedStepServices otherSteps;
    private static ConfigurableApplicationContext cacheService;

    @BeforeAll
    static void start() throws IOException {
        Path jar = Examples.directory().resolveSibling("orchestrator/target/envsaga-orchestrator.jar");
        assertThat(jar).as("the orchestrator's jar: build it first (./mvnw -B -pl orchestrator,cache-service -am verify)").exists();
        orchestratorPort = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), "--server.port=" + orchestratorPort, "--ENVSAGA_ADMIN_TOKEN=" + TOKEN, "--spring.main.banner-mode=off"));
        command.addAll(List.of(rabbit.springArguments()));
        postgres.springProperties().forEach((key, value) -> command.add("--" + key + "=" + value));
        orchestratorLog = Files.createTempFile("cache-saga-orchestrator", ".log");
        orchestrator = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(orchestratorLog.toFile()).start();

        operator = new SimulatedRedisOperator(cluster, endpoints);
        otherSteps = new ScriptedStepServices(rabbit.connectionFactory(), rabbit.topology(), EnumSet.complementOf(EnumSet.of(Step.CACHE)));
        List<String> args = new ArrayList<>(List.of(rabbit.springArguments()));
        args.addAll(List.of("--envsaga.kubernetes.master-url=" + cluster.url(), "--server.port=0", "--spring.main.banner-mode=off",
                "--envsaga.cache.check.timeout=60s"));
        cacheService = new SpringApplicationBuilder(CacheServiceApplication.class)
                .initializers(context -> context.getBeanFactory().registerSingleton("serviceEndpoints", endpoints))
                .run(args.toArray(String[]::new));
        await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .failFast("the orchestrator exited; its log is " + orchestratorLog, () -> !orchestrator.isAlive())
                .until(() -> send("GET", "/actuator/health", null).body(), body -> body.contains("\"UP\""));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (cacheService != null) {
            cacheService.close();
        }
        if (otherSteps != null) {
            otherSteps.close();
        }
        if (operator != null) {
            operator.close();
        }
        if (orchestrator != null) {
            orchestrator.destroy();
            orchestrator.waitFor();
        }
    }

    @Test
    void codedangStageIsReadyWithTheCacheStepsOutputsAndItsDeletionStopsTheRedis() throws IOException {
        HttpResponse<String> submitted = send("POST", "/api/v1/environments", Files.readString(Examples.directory().resolve("codedang-stage.yaml")));
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);

        JsonNode view = awaitPhase("ready");

        JsonNode cache = view.get("steps").get("cache");
        assertThat(cache.get("status").asString()).isEqualTo("succeeded");
        assertThat(cache.get("outputs").get("redis").asString()).isEqualTo("codedang-stage-redis");
        assertThat(cache.get("outputs").get("port").asString()).isEqualTo("6379");
        assertThat(cache.get("outputs").get("maxmemory").asString()).isEqualTo("268435456");
        assertThat(cache.get("outputs").get("maxmemoryPolicy").asString()).isEqualTo("allkeys-lru");
        assertThat(view.get("steps").get("workloads").get("outputs").get("by").asString()).isEqualTo("scripted-workloads");
        InetSocketAddress redis = endpoints.resolve("codedang-stage", "codedang-stage-redis", 6379);
        RedisClient client = RedisClient.create(RedisURI.create(redis.getHostString(), redis.getPort()));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            assertThat(connection.sync().configGet("maxmemory")).containsEntry("maxmemory", "268435456");
        } finally {
            client.shutdown();
        }

        assertThat(send("DELETE", "/api/v1/environments/codedang-stage", null).statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(60)).until(() -> operator.port("codedang-stage", "codedang-stage-redis").isEmpty());
        await().atMost(Duration.ofSeconds(60)).until(() -> cluster.client().genericKubernetesResources(Redises.REDIS.context())
                .inNamespace("codedang-stage").list().getItems().isEmpty());
    }

    private static JsonNode awaitPhase(String phase) {
        return await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .failFast("the orchestrator exited; its log is " + orchestratorLog, () -> !orchestrator.isAlive())
                .until(() -> {
                    HttpResponse<String> response = send("GET", "/api/v1/environments/codedang-stage", null);
                    return response.statusCode() == 200 ? SpecMapper.json().readTree(response.body()) : null;
                }, view -> view != null && view.get("phase").asString().equals(phase));
    }

    private static HttpResponse<String> send(String method, String path, String yaml) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + orchestratorPort + path))
                .method(method, yaml == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(yaml))
                .header("Authorization", "Bearer " + TOKEN);
        if (yaml != null) {
            request.header("Content-Type", "application/yaml");
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
