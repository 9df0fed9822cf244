package io.envsaga.orchestrator;

import static io.envsaga.testsupport.bus.BusProbe.ofType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Payloads;
import io.envsaga.contracts.spec.SpecMapper;
import io.envsaga.simulation.bus.ScriptedStepServices;
import io.envsaga.testsupport.bus.BusProbe;
import io.envsaga.testsupport.services.PostgresExtension;
import io.envsaga.testsupport.services.RabbitMqExtension;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Issue 26, classes 1, 2 and 4, made as a hostile CI identity would, against the real broker and
 * PostgreSQL: deleting without the delete right by switching a part off or renaming it; spending
 * without a bound (another tier, more environments and CPUs than granted, concurrently); an
 * intake document the validator reads one way and the audit another.
 */
class TenancyBoundsIT {

    @RegisterExtension
    static final RabbitMqExtension rabbit = new RabbitMqExtension();
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    static final String PREVIEW_TOKEN = "preview-ci-without-delete";
    static final String DELETE_TOKEN = "preview-ci-with-delete";
    static final String BUDGET_TOKEN = "preview-ci-on-a-budget";
    static final String CI_PASSWORD = "ci-user-password-26";
    // broker users are the broker's, not the test's prefix's: named per run
    static final String CI_USER = "t-ci-bounds-" + Long.toHexString(System.nanoTime());
    static OrchestratorHarness orchestrator;
    static ScriptedStepServices steps;

    @BeforeAll
    static void start() throws Exception {
        rabbit.createUser(CI_USER, CI_PASSWORD);
        orchestrator = new OrchestratorHarness(rabbit, postgres);
        Map<String, String> config = new LinkedHashMap<>();
        config.putAll(GrantConfig.token(0, "preview-ci", PREVIEW_TOKEN).environments("codedang-pr-*").actions("read,apply")
                .hosts("*.preview.codedang.com").properties());
        config.putAll(GrantConfig.token(1, "preview-ci-delete", DELETE_TOKEN).environments("codedang-pr-*").actions("read,apply,delete")
                .hosts("*.preview.codedang.com").properties());
        config.putAll(GrantConfig.token(2, "budget", BUDGET_TOKEN).environments("budget-*").actions("read,apply").tiers("preview")
                .set("quota.environments", "3").set("quota.cpu", "1").set("quota.memory", "4Gi").properties());
        config.putAll(GrantConfig.submitter(0, CI_USER).environments("codedang-pr-*").tiers("preview").properties());
        orchestrator.start(config);
        steps = new ScriptedStepServices(rabbit.connectionFactory(), rabbit.topology());
    }

    @AfterAll
    static void stop() {
        steps.close();
        orchestrator.stop();
    }

    // class 1: a part switched off, renamed or narrowed is deleted all the same
    @Test
    void switchingOffRenamingOrDroppingPartsOfALiveEnvironmentNeedsTheDeleteRight() {
        String live = """
                apiVersion: envsaga.io/v1
                kind: Environment
                metadata: { name: codedang-pr-20 }
                spec:
                  tier: preview
                  dns: { zone: codedang.com, hosts: [20.preview.codedang.com] }
                  workloads:
                    - { name: api, image: 'ghcr.io/skkuding/codedang-client-api:1', port: 4000 }
                  messaging:
                    vhost: judge
                    exchanges: [ { name: iris } ]
                    queues: [ { name: submissions } ]
                    bindings: [ { exchange: iris, queue: submissions, routingKey: judge } ]
                  storage:
                    postgres: { databases: [codedang] }
                """;
        assertThat(post(PREVIEW_TOKEN, live).statusCode()).isEqualTo(202);

        Map<String, String> attacks = Map.of(
                live.replace("hosts: [20.preview.codedang.com] }", "hosts: [20.preview.codedang.com], records: false }"),
                "the DNS record of '20.preview.codedang.com' in zone 'codedang.com'",
                live.replace("vhost: judge", "vhost: judge2"), "vhost 'judge' (and every queue and message in it)",
                live.replace("bindings: [ { exchange: iris, queue: submissions, routingKey: judge } ]", "bindings: []"),
                "the binding of queue 'submissions' to exchange 'iris' (routing key 'judge') in vhost 'judge'",
                live.replace(", port: 4000", ""), "port 4000 of workload 'api' (its Service)",
                live.replace("databases: [codedang] }", "databases: [codedang], retainOnDelete: false }"),
                "PostgreSQL's volume and credentials kept on delete (spec.storage.postgres.retainOnDelete)");

        attacks.forEach((spec, lost) -> {
            HttpResponse<String> refused = post(PREVIEW_TOKEN, spec);
            assertThat(refused.statusCode()).as(lost).isEqualTo(403);
            assertThat(refused.body()).contains("token:preview-ci may not delete, and this spec would remove from environment 'codedang-pr-20': "
                    + lost);
        });
        assertThat(environment("codedang-pr-20").get("generation").asLong()).as("nothing refused became a generation").isEqualTo(1);
        assertThat(post(PREVIEW_TOKEN, live.replace("queues: [ { name: submissions } ]", "queues: [ { name: submissions }, { name: more } ]"))
                .statusCode()).as("adding needs no delete right").isEqualTo(202);
        // (a renamed vhost is refused for everyone, 400: the topology operator's webhooks forbid moving its objects; MessagingChanges)
        assertThat(post(DELETE_TOKEN, live.replace("bindings: [ { exchange: iris, queue: submissions, routingKey: judge } ]", "bindings: []"))
                .statusCode()).as("with the delete right").isEqualTo(202);
    }

    // class 2: another tier, and more than the quota, also when submitted all at once
    @Test
    void anIdentitySpendsOnlyTheTiersAndTheQuotaItWasGranted() throws Exception {
        HttpResponse<String> production = post(BUDGET_TOKEN, budget("budget-prod", "production", "100m"));
        assertThat(production.statusCode()).isEqualTo(403);
        assertThat(production.body()).contains("token:budget may not, in environment 'budget-prod': use tier 'production' (spec.tier)");

        // eight different environments at once: two environment locks never both count against one total
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            names.add("budget-" + i);
        }
        ExecutorService pool = Executors.newFixedThreadPool(names.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (String name : names) {
            answers.add(pool.submit(() -> {
                go.await();
                return post(BUDGET_TOKEN, budget(name, "preview", "300m"));
            }));
        }
        go.countDown();
        List<String> accepted = new ArrayList<>();
        List<HttpResponse<String>> refused = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            HttpResponse<String> answer = answers.get(i).get();
            if (answer.statusCode() == 202) {
                accepted.add(names.get(i));
            } else {
                refused.add(answer);
            }
        }
        pool.shutdown();

        assertThat(accepted).as("quota.environments: 3").hasSize(3);
        assertThat(refused).hasSize(5).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(429);
            JsonNode problem = SpecMapper.json().readTree(r.body());
            assertThat(problem.get("resource").asString()).isEqualTo("environments");
            assertThat(problem.get("used").asString()).isEqualTo("3");
            assertThat(problem.get("asked").asString()).isEqualTo("1");
            assertThat(problem.get("limit").asString()).isEqualTo("3");
        });

        String first = accepted.get(0);
        assertThat(post(BUDGET_TOKEN, budget(first, "preview", "300m")).statusCode()).as("an update does not count itself").isEqualTo(202);
        HttpResponse<String> moreCpu = post(BUDGET_TOKEN, budget(first, "preview", "500m"));
        assertThat(moreCpu.statusCode()).isEqualTo(429);
        assertThat(moreCpu.body()).contains("environment '" + first + "' asks 0.5 CPUs, token:budget holds 0.6 in its other live environments, "
                + "and its quota is 1 (quota.cpu)");

        try (BusProbe probe = rabbit.probe()) {
            orchestrator.send("DELETE", "/api/v1/environments/" + first, OrchestratorHarness.ADMIN_TOKEN, null, null);
            probe.await(ofType(EventType.ENVIRONMENT_DELETED, first), Duration.ofMinutes(2));
        }
        String another = names.stream().filter(n -> !accepted.contains(n)).findFirst().orElseThrow();
        assertThat(post(BUDGET_TOKEN, budget(another, "preview", "300m")).statusCode()).as("a deleted environment is no longer held")
                .isEqualTo(202);

        // the intake's broker users have the same model: a preview submitter cannot submit production
        try (BusProbe probe = rabbit.probe()) {
            publishToIntake(budget("codedang-pr-21", "production", "100m").getBytes(StandardCharsets.UTF_8));
            var rejected = probe.await(ofType(EventType.ENVIRONMENT_REJECTED, "codedang-pr-21"), Duration.ofMinutes(2));
            assertThat(((Payloads.EnvironmentRejected) rejected.data()).violations()).singleElement()
                    .satisfies(v -> assertThat(v.message()).contains("use tier 'production' (spec.tier)"));
        }
    }

    // class 4: the audit files an intake submission under the name the validator read, which the saga runs
    @Test
    void anIntakeDocumentTheValidatorAcceptsIsFiledUnderTheNameTheSagaRuns() {
        // a byte-order mark before JSON (the validator reads JSON) and a DEL in a value (no YAML reader takes it)
        byte[] document = ("\uFEFF{\"apiVersion\":\"envsaga.io/v1\",\"kind\":\"Environment\",\"metadata\":{\"name\":\"codedang-pr-22\"},"
                + "\"spec\":{\"tier\":\"preview\",\"workloads\":[{\"name\":\"api\",\"image\":\"ghcr.io/skkuding/api:1\","
                + "\"env\":{\"MOTD\":\"hello\u007F\"}}]}}").getBytes(StandardCharsets.UTF_8);
        String messageId = UUID.randomUUID().toString();

        try (BusProbe probe = rabbit.probe()) {
            publishToIntake(document, messageId);
            probe.await(ofType(EventType.ENVIRONMENT_READY, "codedang-pr-22", 1), Duration.ofMinutes(2));
        }

        JsonNode history = await().atMost(Duration.ofMinutes(1)).until(() -> history("codedang-pr-22"),
                h -> h.valueStream().anyMatch(r -> r.get("exchange").asString().endsWith(".intake")));
        JsonNode intake = history.valueStream().filter(r -> r.get("exchange").asString().endsWith(".intake")).findFirst().orElseThrow();
        assertThat(intake.get("subject").asString()).isEqualTo("codedang-pr-22");
        assertThat(intake.get("userId").asString()).isEqualTo(CI_USER);
        assertThat(history("unknown").valueStream().map(JsonNode::toString)).noneMatch(r -> r.contains(messageId));
    }

    // --- helpers

    private static String budget(String name, String tier, String cpu) {
        return """
                apiVersion: envsaga.io/v1
                kind: Environment
                metadata: { name: %s }
                spec:
                  tier: %s
                  workloads:
                    - { name: api, image: 'ghcr.io/skkuding/codedang-client-api:1', resources: { requests: { cpu: %s } } }
                """.formatted(name, tier, cpu);
    }

    private static HttpResponse<String> post(String token, String yaml) {
        return orchestrator.send("POST", "/api/v1/environments", token, "application/yaml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode environment(String name) {
        return SpecMapper.json().readTree(orchestrator.get("/api/v1/environments/" + name).body());
    }

    private static JsonNode history(String name) {
        return SpecMapper.json().readTree(orchestrator.get("/api/v1/environments/" + name + "/history").body());
    }

    private static void publishToIntake(byte[] document) {
        publishToIntake(document, UUID.randomUUID().toString());
    }

    private static void publishToIntake(byte[] document, String messageId) {
        new IntakePublisher(rabbit, CI_USER, CI_PASSWORD).publish(document, messageId);
    }
}
