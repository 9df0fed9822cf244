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
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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
