package io.envsaga.orchestrator;

import static io.envsaga.testsupport.bus.BusProbe.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Payloads;
import io.envsaga.contracts.spec.SpecLimits;
import io.envsaga.contracts.spec.SpecMapper;
import io.envsaga.testsupport.bus.BusProbe;
import io.envsaga.simulation.bus.ScriptedStepServices;
import io.envsaga.testsupport.bus.TcpProxy;
import io.envsaga.testsupport.services.PostgresExtension;
import io.envsaga.testsupport.services.RabbitMqExtension;
import io.envsaga.simulation.specs.TestSpecs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The orchestrator's own transactional outbox: no thread holds a connection while it waits for
 * another (a pool of two takes a burst), the request thread never waits for the broker (a paused
 * broker does not stall the API), and the largest valid spec fits the outbox on H2 and PostgreSQL.
 */
class OutboxIT {

    @RegisterExtension
    static final RabbitMqExtension rabbit = new RabbitMqExtension();
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    static ScriptedStepServices steps;
    final OrchestratorHarness orchestrator = new OrchestratorHarness(rabbit, postgres);

    @BeforeAll
    static void startSteps() {
        steps = new ScriptedStepServices(rabbit.connectionFactory(), rabbit.topology());
    }

    @AfterAll
    static void stopSteps() {
        steps.close();
    }

    @AfterEach
    void stop() {
        orchestrator.stop();
    }

    @Test
    void aPoolOfTwoConnectionsTakesThirtyTwoConcurrentSubmissions() throws Exception {
        Map<String, String> h2 = h2("pool2");
        h2.put("spring.datasource.hikari.maximum-pool-size", "2");
        h2.put("spring.datasource.hikari.connection-timeout", "10000"); // a deadlock shows as 500s, not as a slow test
        h2.put("envsaga.orchestrator.deadlines.steps.cache", "60s"); // the harness's 3 s is for the deadline tests
        orchestrator.start(h2);
        ExecutorService clients = Executors.newFixedThreadPool(32);
        try (BusProbe probe = rabbit.probe()) {
            List<Callable<Integer>> submissions = new java.util.ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String name = "pool-" + i;
                submissions.add(() -> orchestrator.submit(OrchestratorHarness.spec(name, "ghcr.io/skkuding/codedang-frontend:v1")).statusCode());
            }
            List<Integer> statuses = clients.invokeAll(submissions).stream().map(OutboxIT::get).toList();

            assertThat(statuses).hasSize(32).containsOnly(202);
            for (int i = 0; i < 32; i++) {
                probe.await(ofType(EventType.ENVIRONMENT_READY, "pool-" + i, 1), Duration.ofMinutes(2));
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void theLargestValidSpecGoesThroughOnH2() {
        orchestrator.start(h2("largest"));
        largestSpecGoesThrough();
    }

    @Test
    void theLargestValidSpecGoesThroughOnPostgres() {
        orchestrator.start();
        largestSpecGoesThrough();
    }

    @Test
    void theApiAnswersWhileTheBrokerIsPausedAndTheOutboxPublishesOnceItIsBack() throws Exception {
        HttpClient quick = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try (TcpProxy proxy = new TcpProxy(rabbit.endpoint().host(), rabbit.endpoint().port()); BusProbe probe = rabbit.probe()) {
            Map<String, String> viaProxy = h2("paused");
            viaProxy.put("spring.rabbitmq.port", Integer.toString(proxy.port()));
            orchestrator.start(viaProxy);
            proxy.pause();

            for (String name : List.of("paused-1", "paused-2", "paused-3")) {
                // far below what a stalled publish on the request thread took (30 s to 128 s, issue 14)
                HttpResponse<String> accepted = quick.send(request("POST", "/api/v1/environments", OrchestratorHarness.spec(name,
                        "ghcr.io/skkuding/codedang-frontend:v1")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(accepted.statusCode()).isEqualTo(202);
                HttpResponse<String> view = quick.send(request("GET", "/api/v1/environments/" + name, null).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(view.statusCode()).isEqualTo(200);
            }
            assertThat(probe.events(e -> e.type() == EventType.ENVIRONMENT_REQUESTED)).as("nothing passes a paused broker").isEmpty();
            // what an operator sees meanwhile: three commands waiting (the scrape answers while the broker is stalled)
            assertThat(metric("envsaga_outbox_backlog")).isEqualTo(3.0);
            assertThat(metric("envsaga_outbox_oldest_age_seconds")).isPositive();

            proxy.resume();
            for (String name : List.of("paused-1", "paused-2", "paused-3")) {
                probe.await(ofType(EventType.ENVIRONMENT_READY, name, 1), Duration.ofMinutes(2));
            }
            Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> metric("envsaga_outbox_backlog") == 0.0);
            assertThat(metric("envsaga_outbox_oldest_age_seconds")).isZero();
        }
    }

    /** A gauge's value from the Prometheus scrape. */
    private double metric(String name) {
        String scrape = orchestrator.send("GET", "/actuator/prometheus", null, null, null).body();
        return scrape.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{")).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .orElseThrow(() -> new AssertionError(name + " is not in the scrape"));
    }

    private void largestSpecGoesThrough() {
        String name = "largest-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xFFFF));
        String json = TestSpecs.largestJson(name, SpecLimits.DEFAULT_MAX_DOCUMENT_BYTES);
        try (BusProbe probe = rabbit.probe()) {
            HttpResponse<String> response = orchestrator.send("POST", "/api/v1/environments", OrchestratorHarness.ADMIN_TOKEN,
                    "application/json", json.getBytes(StandardCharsets.UTF_8));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            var requested = probe.await(ofType(EventType.ENVIRONMENT_REQUESTED, name, 1), Duration.ofMinutes(2));
            assertThat(((Payloads.EnvironmentRequested) requested.data()).spec().spec().workloads()).hasSize(20);
            probe.await(ofType(EventType.ENVIRONMENT_READY, name, 1), Duration.ofMinutes(2));
        }
        JsonNode view = SpecMapper.json().readTree(orchestrator.get("/api/v1/environments/" + name).body());
        assertThat(view.get("phase").asString()).isEqualTo("ready");
        List<String> history = Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> tools.jackson.databind.json.JsonMapper.builder().build() // bodies longer than SpecMapper's string limit
                        .readTree(orchestrator.get("/api/v1/environments/" + name + "/history").body())
                        .valueStream().map(r -> r.get("routingKey").asString()).toList(), h -> h.contains("environment.ready"));
        assertThat(history).contains("environment.requested");
    }

    private HttpRequest.Builder request(String method, String path, String yaml) {
        return HttpRequest.newBuilder(URI.create(orchestrator.baseUrl() + path))
                .header("Authorization", "Bearer " + OrchestratorHarness.ADMIN_TOKEN)
                .header("Content-Type", "application/yaml")
                .method(method, yaml == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(yaml));
    }

    /** The orchestrator's default store, H2 in PostgreSQL mode, in memory for this test. */
    static Map<String, String> h2(String name) {
        Map<String, String> properties = new HashMap<>();
        properties.put("spring.datasource.url", "jdbc:h2:mem:" + name + "-" + System.nanoTime()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        properties.put("spring.datasource.username", "sa");
        properties.put("spring.datasource.password", "");
        return properties;
    }

    private static <T> T get(Future<T> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
