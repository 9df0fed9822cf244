package io.envsaga.orchestrator;

import static io.envsaga.testsupport.bus.BusProbe.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Payloads;
import io.envsaga.contracts.spec.SpecMapper;
import io.envsaga.simulation.bus.ScriptedStepServices;
import io.envsaga.testsupport.bus.BusProbe;
import io.envsaga.testsupport.services.PostgresExtension;
import io.envsaga.testsupport.services.RabbitMqExtension;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Issue 28, the caps on live previews (2 per identity, 3 per cluster) over REST and the intake,
 * against the real broker and PostgreSQL: a new preview past a cap is refused with the reason,
 * and nothing live is deleted to make room.
 */
class PreviewCapIT {

    @RegisterExtension
    static final RabbitMqExtension rabbit = new RabbitMqExtension();
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    static final String CI_TOKEN = "preview-cap-ci-token";
    static final String CI_PASSWORD = "ci-user-password-28";
    static final String CI_USER = "t-ci-caps-" + Long.toHexString(System.nanoTime());
    static OrchestratorHarness orchestrator;
    static ScriptedStepServices steps;

    @BeforeAll
    static void start() throws Exception {
        rabbit.createUser(CI_USER, CI_PASSWORD);
        Map<String, String> config = new LinkedHashMap<>(Map.of("envsaga.orchestrator.previews.max-per-identity", "2",
                "envsaga.orchestrator.previews.max-per-cluster", "3"));
        config.putAll(GrantConfig.token(0, "preview-ci", CI_TOKEN).environments("cap-*").actions("read,apply")
                .hosts("*.preview.codedang.com").properties());
        config.putAll(GrantConfig.submitter(0, CI_USER).environments("cap-*").hosts("*.preview.codedang.com").properties());
        orchestrator = new OrchestratorHarness(rabbit, postgres);
        orchestrator.start(config);
        steps = new ScriptedStepServices(rabbit.connectionFactory(), rabbit.topology());
    }

    @AfterAll
    static void stop() {
        steps.close();
        orchestrator.stop();
    }

    @Test
    void aNewPreviewPastTheIdentitysOrTheClustersCapIsRefusedOverRestAndTheIntakeAndNothingIsDeleted() {
        assertThat(post(CI_TOKEN, "cap-1").statusCode()).isEqualTo(202);
        assertThat(post(CI_TOKEN, "cap-2").statusCode()).isEqualTo(202);

        HttpResponse<String> third = post(CI_TOKEN, "cap-3");

        assertThat(third.statusCode()).isEqualTo(429);
        JsonNode problem = SpecMapper.json().readTree(third.body());
        assertThat(problem.get("type").asString()).isEqualTo("https://envsaga.io/problems/preview-cap-reached");
        assertThat(problem.get("scope").asString()).isEqualTo("identity");
        assertThat(problem.get("live").asLong()).isEqualTo(2);
        assertThat(problem.get("cap").asInt()).isEqualTo(2);
        assertThat(problem.get("detail").asString()).isEqualTo("token:preview-ci holds 2 live previews, its cap "
                + "(envsaga.orchestrator.previews.max-per-identity): environment 'cap-3' cannot start until one of them is deleted");
        assertThat(problem.at("/violations/0/path").asString()).isEqualTo("spec.tier");
        assertThat(orchestrator.get("/api/v1/environments/cap-3").statusCode()).isEqualTo(404);
        // a new generation of a live preview adds none
        assertThat(post(CI_TOKEN, "cap-1").statusCode()).isEqualTo(202);

        // the cluster's cap counts every identity's: the admin's third preview fills it
        assertThat(orchestrator.submit(OrchestratorHarness.spec("cap-admin-1", "ghcr.io/skkuding/codedang-frontend:v1")).statusCode())
                .isEqualTo(202);
        HttpResponse<String> fourth = orchestrator.submit(OrchestratorHarness.spec("cap-admin-2", "ghcr.io/skkuding/codedang-frontend:v1"));
        assertThat(fourth.statusCode()).isEqualTo(429);
        assertThat(SpecMapper.json().readTree(fourth.body()).get("detail").asString()).isEqualTo("cluster 'default' holds 3 live "
                + "previews, its cap (envsaga.orchestrator.previews.max-per-cluster): environment 'cap-admin-2' of token:admin cannot start "
                + "until one is deleted");

        try (BusProbe probe = rabbit.probe()) {
            new IntakePublisher(rabbit, CI_USER, CI_PASSWORD).publish(json("cap-4"), UUID.randomUUID().toString());
            Payloads.EnvironmentRejected rejected = (Payloads.EnvironmentRejected) probe.await(ofType(EventType.ENVIRONMENT_REJECTED, "cap-4"))
                    .data();
            assertThat(rejected.violations()).singleElement().satisfies(v -> assertThat(v.message())
                    .isEqualTo("cluster 'default' holds 3 live previews, its cap (envsaga.orchestrator.previews.max-per-cluster): "
                            + "environment 'cap-4' of broker user '" + CI_USER + "' cannot start until one is deleted"));
        }
        for (String name : List.of("cap-1", "cap-2", "cap-admin-1")) {
            assertThat(SpecMapper.json().readTree(orchestrator.get("/api/v1/environments/" + name).body()).get("phase").asString())
                    .as(name).isIn("applying", "ready");
        }

        // a deleted preview makes room
        try (BusProbe probe = rabbit.probe()) {
            assertThat(orchestrator.send("DELETE", "/api/v1/environments/cap-2", OrchestratorHarness.ADMIN_TOKEN, null, null).statusCode())
                    .isEqualTo(202);
            probe.await(ofType(EventType.ENVIRONMENT_DELETED, "cap-2"));
        }
        assertThat(post(CI_TOKEN, "cap-3").statusCode()).isEqualTo(202);
    }

    private static HttpResponse<String> post(String token, String name) {
        return orchestrator.send("POST", "/api/v1/environments", token, "application/yaml",
                OrchestratorHarness.spec(name, "ghcr.io/skkuding/codedang-frontend:v1").getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] json(String name) {
        String yaml = OrchestratorHarness.spec(name, "ghcr.io/skkuding/codedang-frontend:v1");
        return SpecMapper.json().writeValueAsString(SpecMapper.yaml().readTree(yaml)).getBytes(StandardCharsets.UTF_8);
    }
}
