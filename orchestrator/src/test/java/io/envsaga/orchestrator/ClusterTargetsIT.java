package io.envsaga.orchestrator;

import static io.envsaga.testsupport.bus.BusProbe.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Payloads;
import io.envsaga.contracts.spec.SpecMapper;
import io.envsaga.testsupport.bus.BusProbe;
import io.envsaga.testsupport.services.PostgresExtension;
import io.envsaga.testsupport.services.RabbitMqExtension;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Issue 27: an orchestrator that knows Codedang's two clusters, stage (the default) and production
 * (no storage step), with a CI identity granted only stage, through REST and the intake, against
 * the real broker and PostgreSQL.
 */
class ClusterTargetsIT {

    @RegisterExtension
    static final RabbitMqExtension rabbit = new RabbitMqExtension();
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    static final String STAGE_TOKEN = "stage-only-ci-token";
    static final String CI_PASSWORD = "ci-user-password-27";
    static final String CI_USER = "t-ci-clusters-" + Long.toHexString(System.nanoTime());
    static OrchestratorHarness orchestrator;

    @BeforeAll
    static void start() throws Exception {
        rabbit.createUser(CI_USER, CI_PASSWORD);
        orchestrator = new OrchestratorHarness(rabbit, postgres);
        Map<String, String> config = new LinkedHashMap<>(Map.of(
                "envsaga.orchestrator.clusters[0].name", "stage",
                "envsaga.orchestrator.clusters[1].name", "production",
                "envsaga.orchestrator.clusters[1].steps", "dns,workloads,messaging,cache",
                "envsaga.orchestrator.default-cluster", "stage"));
        config.putAll(GrantConfig.token(0, "stage-ci", STAGE_TOKEN).environments("codedang-*").actions("read,apply").hosts("*.codedang.com")
                .clusters("stage").properties());
        config.putAll(GrantConfig.submitter(0, CI_USER).environments("codedang-*").hosts("*.codedang.com").properties());
        orchestrator.start(config);
    }

    @AfterAll
    static void stop() {
        orchestrator.stop();
    }

    @Test
    void anIdentityGrantedOnlyStageIsRefusedProductionOverRestAndTheIntake() {
        HttpResponse<String> refused = post(STAGE_TOKEN, spec("codedang-pr-7", "production"));

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("token:stage-ci may not, in environment 'codedang-pr-7': use cluster 'production' (spec.cluster)");
        assertThat(orchestrator.get("/api/v1/environments/codedang-pr-7").statusCode()).isEqualTo(404);
        assertThat(post(STAGE_TOKEN, spec("codedang-pr-7", "stage")).statusCode()).isEqualTo(202);

        // an intake submitter whose grant names no cluster has the default cluster only
        try (BusProbe probe = rabbit.probe()) {
            new IntakePublisher(rabbit, CI_USER, CI_PASSWORD).publish(json(spec("codedang-pr-8", "production")), UUID.randomUUID().toString());
            var rejected = probe.await(ofType(EventType.ENVIRONMENT_REJECTED, "codedang-pr-8"), Duration.ofMinutes(2));
            assertThat(((Payloads.EnvironmentRejected) rejected.data()).violations()).singleElement()
                    .satisfies(v -> assertThat(v.message()).contains("use cluster 'production' (spec.cluster)"));
        }
    }

    @Test
    void aSpecWithoutAClusterIsStoredOnTheDefaultOneAndCannotMoveInPlace() {
        assertThat(orchestrator.submit(spec("codedang-pr-9", null)).statusCode()).isEqualTo(202);
        JsonNode stored = SpecMapper.json().readTree(orchestrator.get("/api/v1/environments/codedang-pr-9").body());
        assertThat(stored.at("/spec/spec/cluster").asString()).isEqualTo("stage");

        HttpResponse<String> moved = orchestrator.submit(spec("codedang-pr-9", "production"));

        assertThat(moved.statusCode()).isEqualTo(400);
        assertThat(moved.body()).contains("spec.cluster").contains("environment 'codedang-pr-9' lives on cluster 'stage'; it cannot move to "
                + "'production' in place: delete it, then submit it on 'production' (docs/clusters.md)");
        assertThat(SpecMapper.json().readTree(orchestrator.get("/api/v1/environments/codedang-pr-9").body()).get("generation").asLong())
                .isEqualTo(1);
    }

    @Test
    void anUnknownClusterOrAPartTheClusterDoesNotRunIsInvalidWithItsPath() {
        HttpResponse<String> unknown = orchestrator.submit(spec("codedang-pr-10", "staging"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("spec.cluster").contains("unknown cluster 'staging': this orchestrator knows stage, production");

        HttpResponse<String> storage = orchestrator.submit(spec("codedang-pr-10", "production") + "  storage: { postgres: { databases: [codedang] } }\n");
        assertThat(storage.statusCode()).isEqualTo(400);
        assertThat(storage.body()).contains("spec.storage").contains("cluster 'production' runs no storage step");
    }

    @Test
    void theListNamesEachEnvironmentsClusterAndFiltersByIt() {
        assertThat(orchestrator.submit(spec("codedang-pr-11", "production")).statusCode()).isEqualTo(202);
        assertThat(orchestrator.submit(spec("codedang-pr-12", null)).statusCode()).isEqualTo(202);
        assertThat(orchestrator.submit(spec("codedang-pr-13", null)).statusCode()).isEqualTo(202);
        assertThat(orchestrator.submit(spec("codedang-pr-14", "stage")).statusCode()).isEqualTo(202);
        JdbcClient jdbc = orchestrator.context().getBean(JdbcClient.class);
        // codedang-pr-13 as an orchestrator older than clusters stored it; codedang-pr-14 on a cluster since removed from configuration
        assertThat(jdbc.sql("update environments set spec = (spec::jsonb #- '{spec,cluster}')::text where name = 'codedang-pr-13'").update())
                .isEqualTo(1);
        assertThat(jdbc.sql("update environments set spec = jsonb_set(spec::jsonb, '{spec,cluster}', '\"retired\"')::text "
                + "where name = 'codedang-pr-14'").update()).isEqualTo(1);

        JsonNode all = list("");
        assertThat(clusterOf(all, "codedang-pr-11")).isEqualTo("production");
        assertThat(clusterOf(all, "codedang-pr-12")).isEqualTo("stage");
        assertThat(clusterOf(all, "codedang-pr-13")).as("stored before clusters: the default cluster").isEqualTo("stage");
        assertThat(clusterOf(all, "codedang-pr-14")).isEqualTo("retired");
        JsonNode one = SpecMapper.json().readTree(orchestrator.get("/api/v1/environments/codedang-pr-13").body());
        assertThat(one.path("cluster").asString()).isEqualTo("stage");
        assertThat(one.at("/spec/spec/cluster").isMissingNode()).isTrue();

        assertThat(names(list("?cluster=production"))).contains("codedang-pr-11").doesNotContain("codedang-pr-12", "codedang-pr-13");
        assertThat(list("?cluster=production")).allSatisfy(view -> assertThat(view.path("cluster").asString()).isEqualTo("production"));
        assertThat(names(list("?cluster=stage"))).contains("codedang-pr-12", "codedang-pr-13").doesNotContain("codedang-pr-11", "codedang-pr-14");
        // a cluster no longer configured keeps its environments findable
        assertThat(names(list("?cluster=retired"))).containsExactly("codedang-pr-14");

        // a token sees only what it may read, on a cluster too: the stage CI token reads codedang-*, not others
        assertThat(orchestrator.submit(spec("preview-secret", "production")).statusCode()).isEqualTo(202);
        HttpResponse<String> limited = orchestrator.send("GET", "/api/v1/environments?cluster=production", STAGE_TOKEN, null, null);
        assertThat(limited.statusCode()).isEqualTo(200);
        assertThat(names(SpecMapper.json().readTree(limited.body()))).contains("codedang-pr-11").doesNotContain("preview-secret");

        // a name that is no cluster: 400 naming the clusters, not an empty list that hides the typo
        HttpResponse<String> typo = orchestrator.get("/api/v1/environments?cluster=prodution");
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(typo.body()).contains("unknown cluster 'prodution': this orchestrator knows stage, production");

        // the OpenAPI document says both
        JsonNode api = SpecMapper.json().readTree(orchestrator.send("GET", "/v3/api-docs", null, null, null).body());
        assertThat(api.at("/paths/~1api~1v1~1environments/get/parameters")).anySatisfy(p -> {
            assertThat(p.path("name").asString()).isEqualTo("cluster");
            assertThat(p.path("in").asString()).isEqualTo("query");
        });
        assertThat(api.at("/components/schemas/EnvironmentView/properties/cluster").isObject()).isTrue();
    }

    private static JsonNode list(String query) {
        HttpResponse<String> answer = orchestrator.get("/api/v1/environments" + query);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return SpecMapper.json().readTree(answer.body());
    }

    private static List<String> names(JsonNode views) {
        return StreamSupport.stream(views.spliterator(), false).map(view -> view.path("name").asString()).toList();
    }

    private static String clusterOf(JsonNode views, String name) {
        return StreamSupport.stream(views.spliterator(), false).filter(view -> view.path("name").asString().equals(name))
                .map(view -> view.path("cluster").asString()).findFirst().orElseThrow();
    }

    /** A preview of Codedang on {@code cluster} (none: the default one); ClusterRoutingIT uses it too. */
    static String spec(String name, String cluster) {
        return """
                apiVersion: envsaga.io/v1
                kind: Environment
                metadata: { name: %s }
                spec:
                  tier: preview
                %s  dns: { zone: codedang.com, hosts: [%s.codedang.com] }
                  workloads:
                    - { name: api, image: 'ghcr.io/skkuding/codedang-client-api:1', port: 4000 }
                """.formatted(name, cluster == null ? "" : "  cluster: " + cluster + "\n", name);
    }

    private static byte[] json(String yaml) {
        return SpecMapper.json().writeValueAsString(SpecMapper.yaml().readTree(yaml)).getBytes(StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> post(String token, String yaml) {
        return orchestrator.send("POST", "/api/v1/environments", token, "application/yaml", yaml.getBytes(StandardCharsets.UTF_8));
    }
}
