package io.envsaga.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.spec.SpecMapper;
import io.envsaga.testsupport.services.PostgresExtension;
import io.envsaga.testsupport.services.RabbitMqExtension;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The REST submission's Idempotency-Key: a client that lost the answer and sends the request again
 * gets the first answer, not a second generation. Run on both saga stores ({@link IdempotencyKeyIT}
 * on PostgreSQL, {@link IdempotencyKeyOnH2IT} on H2).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdempotencyKeyIT {

    @RegisterExtension
    static final RabbitMqExtension rabbit = new RabbitMqExtension();
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    static final String CI_A = "idempotency-ci-token-a";
    static final String CI_B = "idempotency-ci-token-b";

    private OrchestratorHarness orchestrator;
    private String store;

    /** The saga store's properties and a short name for it; PostgreSQL here. */
    Map<String, String> store() {
        return new HashMap<>();
    }

    String storeName() {
        return "pg";
    }

    @BeforeAll
    void start() {
        store = storeName();
        Map<String, String> properties = store();
        properties.putAll(tokens());
        orchestrator = new OrchestratorHarness(rabbit, postgres);
        orchestrator.start(properties);
    }

    @AfterAll
    void stop() {
        orchestrator.stop();
    }

    @Test
    void aRetryWithTheSameKeyIsAnsweredLikeTheFirstAndStartsNoGeneration() {
        String name = "codedang-retry-" + store;
        String spec = OrchestratorHarness.spec(name, "ghcr.io/skkuding/codedang-frontend:v1");

        HttpResponse<String> first = post(CI_A, spec, "Idempotency-Key", "ci-run-4711-attempt-1");
        HttpResponse<String> retry = post(CI_A, spec, "Idempotency-Key", "ci-run-4711-attempt-1");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(202);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(retry.headers().firstValue("Location")).hasValue("/api/v1/environments/" + name);
        assertThat(json(retry).get("generation").asLong()).isEqualTo(1);
        assertThat(json(retry).get("sagaId").asString()).isEqualTo(json(first).get("sagaId").asString());
        assertThat(json(retry).get("phase").asString()).isEqualTo(json(first).get("phase").asString());
        assertThat(generation(name)).as("no second generation").isEqualTo(1);

        // PUT has its own keys' requests: the same key again on PUT is a retry of that PUT
        HttpResponse<String> put = put(CI_A, name, spec, "Idempotency-Key", "ci-run-4712");
        HttpResponse<String> putAgain = put(CI_A, name, spec, "Idempotency-Key", "\"ci-run-4712\"");
        assertThat(json(put).get("generation").asLong()).isEqualTo(2);
        assertThat(putAgain.statusCode()).as(putAgain.body()).isEqualTo(202);
        assertThat(json(putAgain).get("sagaId").asString()).as("the draft's quoted form is the same key")
                .isEqualTo(json(put).get("sagaId").asString());
        assertThat(generation(name)).isEqualTo(2);
    }

    @Test
    void concurrentRetriesWithTheSameKeyStartOneGeneration() throws Exception {
        String name = "codedang-concurrent-" + store;
        String spec = OrchestratorHarness.spec(name, "ghcr.io/skkuding/codedang-frontend:v1");
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResponse<String>>> answers = clients.invokeAll(java.util.Collections.nCopies(8,
                    () -> post(CI_A, spec, "Idempotency-Key", "concurrent-key")));
            List<HttpResponse<String>> responses = new java.util.ArrayList<>();
            for (Future<HttpResponse<String>> answer : answers) {
                responses.add(answer.get());
            }
            assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isEqualTo(202));
            assertThat(responses.stream().map(r -> json(r).get("sagaId").asString()).distinct()).hasSize(1);
            assertThat(responses.stream().filter(r -> r.headers().firstValue("Idempotent-Replayed").isEmpty())).hasSize(1);
        } finally {
            clients.shutdownNow();
        }
        assertThat(generation(name)).isEqualTo(1);
    }

    @Test
    void anotherIdentityWithTheSameKeyStartsItsOwnGeneration() {
        String name = "codedang-identities-" + store;
        String spec = OrchestratorHarness.spec(name, "ghcr.io/skkuding/codedang-frontend:v1");

        HttpResponse<String> a = post(CI_A, spec, "Idempotency-Key", "shared-key");
        HttpResponse<String> b = post(CI_B, spec, "Idempotency-Key", "shared-key");

        assertThat(a.statusCode()).isEqualTo(202);
        assertThat(b.statusCode()).as(b.body()).isEqualTo(202);
        assertThat(b.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(json(b).get("generation").asLong()).isEqualTo(2);
        assertThat(json(b).get("sagaId").asString()).isNotEqualTo(json(a).get("sagaId").asString());
        assertThat(generation(name)).isEqualTo(2);
    }

    @Test
    void theSameKeyForAnotherBodyIs422AndStartsNothing() {
        String name = "codedang-reused-" + store;
        HttpResponse<String> first = post(CI_A, OrchestratorHarness.spec(name, "ghcr.io/skkuding/codedang-frontend:v1"),
                "Idempotency-Key", "reused-key");

        HttpResponse<String> other = post(CI_A, OrchestratorHarness.spec(name, "ghcr.io/skkuding/codedang-frontend:v2"),
                "Idempotency-Key", "reused-key");

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(other.statusCode()).as(other.body()).isEqualTo(422);
        assertThat(other.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(json(other).get("detail").asString()).contains("Idempotency-Key 'reused-key' was already used by token:ci-a"
                + " for another request (environment '" + name + "', generation 1)");
        assertThat(other.body()).doesNotContain("Exception");
        assertThat(generation(name)).isEqualTo(1);
        assertThat(json(orchestrator.get("/api/v1/environments/" + name)).get("spec").toString()).contains("frontend:v1");
    }

    @Test
    void withoutTheHeaderEveryRequestIsANewGeneration() {
        String name = "codedang-unkeyed-" + store;
        String spec = OrchestratorHarness.spec(name, "ghcr.io/skkuding/codedang-frontend:v1");

        assertThat(post(CI_A, spec).statusCode()).isEqualTo(202);
        HttpResponse<String> again = post(CI_A, spec);

        assertThat(json(again).get("generation").asLong()).isEqualTo(2);
        assertThat(generation(name)).isEqualTo(2);
    }

    @Test
    void anInvalidKeyIsA400ProblemNamingTheHeaderAndStartsNothing() {
        String name = "codedang-badkey-" + store;
        String spec = OrchestratorHarness.spec(name, "ghcr.io/skkuding/codedang-frontend:v1");

        HttpResponse<String> tooLong = post(CI_A, spec, "Idempotency-Key", "k".repeat(256));
        HttpResponse<String> badCharacter = post(CI_A, spec, "Idempotency-Key", "run 42");
        HttpResponse<String> empty = post(CI_A, spec, "Idempotency-Key", "\"\"");
        HttpResponse<String> twice = post(CI_A, spec, "Idempotency-Key", "a", "Idempotency-Key", "b");

        for (HttpResponse<String> response : List.of(tooLong, badCharacter, empty, twice)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(json(response).get("violations").get(0).get("path").asString()).isEqualTo("headers.Idempotency-Key");
            assertThat(response.body()).doesNotContain("Exception");
        }
        assertThat(json(tooLong).get("detail").asString()).isEqualTo("Idempotency-Key is 256 characters long; at most 255");
        assertThat(json(badCharacter).get("detail").asString()).contains("has U+0020 at position 4");
        assertThat(json(twice).get("detail").asString()).contains("is sent 2 times");
        assertThat(orchestrator.get("/api/v1/environments/" + name).statusCode()).isEqualTo(404);
        assertThat(post(CI_A, spec, "Idempotency-Key", "k".repeat(255)).statusCode()).as("255 is allowed").isEqualTo(202);
    }

    @Test
    void theOpenApiDocumentDescribesTheHeaderOnBothSubmissions() {
        JsonNode paths = json(orchestrator.send("GET", "/v3/api-docs", null, null, null)).get("paths");
        for (JsonNode operation : List.of(paths.get("/api/v1/environments").get("post"), paths.get("/api/v1/environments/{name}").get("put"))) {
            assertThat(operation.get("parameters").valueStream().filter(p -> p.get("name").asString().equals("Idempotency-Key")).toList())
                    .singleElement().satisfies(p -> {
                        assertThat(p.get("in").asString()).isEqualTo("header");
                        assertThat(p.get("schema").get("maxLength").asInt()).isEqualTo(255);
                    });
        }
    }

    private HttpResponse<String> post(String token, String spec, String... headers) {
        return orchestrator.send("POST", "/api/v1/environments", token, "application/yaml", spec.getBytes(StandardCharsets.UTF_8),
                List.of(headers));
    }

    private HttpResponse<String> put(String token, String name, String spec, String... headers) {
        return orchestrator.send("PUT", "/api/v1/environments/" + name, token, "application/yaml", spec.getBytes(StandardCharsets.UTF_8),
                List.of(headers));
    }

    private long generation(String name) {
        return json(orchestrator.get("/api/v1/environments/" + name)).get("generation").asLong();
    }

    private static JsonNode json(HttpResponse<String> response) {
        return SpecMapper.json().readTree(response.body());
    }

    private static Map<String, String> tokens() {
        Map<String, String> properties = new HashMap<>();
        List<String> tokens = List.of(CI_A, CI_B);
        for (int i = 0; i < tokens.size(); i++) {
            String prefix = "envsaga.orchestrator.security.tokens[" + i + "].";
            properties.put(prefix + "name", i == 0 ? "ci-a" : "ci-b");
            properties.put(prefix + "sha256", sha256(tokens.get(i)));
            properties.put(prefix + "environments[0]", "codedang-*");
            properties.put(prefix + "actions", "read,apply");
            properties.put(prefix + "hosts[0]", "*.preview.codedang.com");
        }
        return properties;
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
