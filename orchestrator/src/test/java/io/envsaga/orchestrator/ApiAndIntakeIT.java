package io.envsaga.orchestrator;

import static io.envsaga.testsupport.bus.BusProbe.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventCodec;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Payloads;
import io.envsaga.contracts.events.Step;
import io.envsaga.contracts.spec.SpecMapper;
import io.envsaga.testsupport.bus.BusProbe;
import io.envsaga.simulation.bus.ScriptedStepServices;
import io.envsaga.testsupport.services.PostgresExtension;
import io.envsaga.testsupport.services.RabbitMqExtension;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import tools.jackson.databind.JsonNode;

/** The REST API's rules (auth, problems, media types, limits), the CI intake, metrics and the audit's hygiene. */
class ApiAndIntakeIT {

    @RegisterExtension
    static final RabbitMqExtension rabbit = new RabbitMqExtension();
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    static final String CI_TOKEN = "static-ci-token-of-codedang";
    static final String CI_USER_PASSWORD = "ci-user-password-7f3a";
    // broker users are the broker's, not the test's prefix's: named per run, so that two builds on one broker do not share them
    static final String CI_CODEDANG = "t-ci-codedang-" + Long.toHexString(System.nanoTime());
    static final String CI_OTHER = "t-ci-other-" + Long.toHexString(System.nanoTime());
    static OrchestratorHarness orchestrator;
    static ScriptedStepServices steps;
    static JwtFixture jwt;
    static RSAKey signingKey;

    @BeforeAll
    static void start() throws Exception {
        jwt = JwtFixture.start();
        signingKey = jwt.key();
        rabbit.createUser(CI_CODEDANG, CI_USER_PASSWORD);
        rabbit.createUser(CI_OTHER, CI_USER_PASSWORD);
        orchestrator = new OrchestratorHarness(rabbit, postgres);
        orchestrator.start(Map.ofEntries(
                Map.entry("envsaga.orchestrator.security.tokens[0].name", "codedang-ci"),
                Map.entry("envsaga.orchestrator.security.tokens[0].sha256", sha256(CI_TOKEN)),
                Map.entry("envsaga.orchestrator.security.tokens[0].environments[0]", "codedang-*"),
                Map.entry("envsaga.orchestrator.security.tokens[0].actions", "read,apply"),
                Map.entry("envsaga.orchestrator.security.tokens[0].hosts[0]", "*.preview.codedang.com"),
                Map.entry("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", jwt.springProperties().get("spring.security.oauth2.resourceserver.jwt.jwk-set-uri")),
                Map.entry("spring.security.oauth2.resourceserver.jwt.issuer-uri", JwtFixture.ISSUER),
                Map.entry("spring.security.oauth2.resourceserver.jwt.audiences", JwtFixture.AUDIENCE),
                Map.entry("envsaga.orchestrator.security.jwt[0].claims.repository", "skkuding/codedang"),
                Map.entry("envsaga.orchestrator.security.jwt[0].environments[0]", "codedang-pr-*"),
                Map.entry("envsaga.orchestrator.security.jwt[0].actions", "read,apply,delete"),
                Map.entry("envsaga.orchestrator.security.jwt[0].hosts[0]", "*.preview.codedang.com"),
                Map.entry("envsaga.orchestrator.intake.submitters[0].user", CI_CODEDANG),
                Map.entry("envsaga.orchestrator.intake.submitters[0].environments[0]", "codedang-*"),
                Map.entry("envsaga.orchestrator.intake.submitters[0].hosts[0]", "*.preview.codedang.com")));
        steps = new ScriptedStepServices(rabbit.connectionFactory(), rabbit.topology());
    }

    @AfterAll
    static void stop() {
        steps.close();
        orchestrator.stop();
        jwt.stop();
    }

    @Test
    void anInvalidSpecIsA400ProblemWithEveryPath() {
        String spec = OrchestratorHarness.spec("Bad_Name", "NOT AN IMAGE");

        HttpResponse<String> response = orchestrator.submit(spec);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = SpecMapper.json().readTree(response.body());
        assertThat(problem.get("violations").valueStream().map(v -> v.get("path").asString()))
                .contains("metadata.name", "spec.workloads[0].image");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aChangeRabbitmqCannotMakeInPlaceIsRefusedAtSubmitWithThePathAndTheReason() throws Exception {
        String stage = io.envsaga.simulation.specs.TestSpecs.exampleYaml("codedang-stage").replace("codedang-stage", "codedang-mqfix");
        assertThat(orchestrator.submit(stage).statusCode()).isEqualTo(202);

        HttpResponse<String> response = orchestrator.submit(stage.replace("x-max-priority: 3", "x-max-priority: 5"));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = SpecMapper.json().readTree(response.body());
        assertThat(problem.get("violations").valueStream().map(v -> v.get("path").asString()))
                .containsExactly("spec.messaging.queues[0].arguments");
        assertThat(response.body()).contains("RabbitMQ cannot change a queue's arguments in place");
    }

    @Test
    void withoutATokenOrWithAnUnknownOneItIs401() throws Exception {
        assertThat(orchestrator.send("GET", "/api/v1/environments", null, null, null).statusCode()).isEqualTo(401);
        assertThat(orchestrator.send("GET", "/api/v1/environments", "not-a-known-token", null, null).statusCode()).isEqualTo(401);
        assertThat(orchestrator.send("GET", "/api/v1/environments", jwt("skkuding/codedang", Instant.now().minusSeconds(60), signingKey), null, null)
                .statusCode()).as("expired JWT").isEqualTo(401);
    }

    @Test
    void aStaticTokenMayDoOnlyWhatItsRulesSay() {
        HttpResponse<String> allowed = orchestrator.send("POST", "/api/v1/environments", CI_TOKEN, "application/yaml",
                OrchestratorHarness.spec("codedang-token", "ghcr.io/skkuding/codedang-frontend:v1").getBytes());
        HttpResponse<String> outside = orchestrator.send("POST", "/api/v1/environments", CI_TOKEN, "application/yaml",
                OrchestratorHarness.spec("someone-else", "ghcr.io/skkuding/codedang-frontend:v1").getBytes());
        HttpResponse<String> deleting = orchestrator.send("DELETE", "/api/v1/environments/codedang-token", CI_TOKEN, null, null);

        assertThat(allowed.statusCode()).isEqualTo(202);
        assertThat(outside.statusCode()).isEqualTo(403);
        assertThat(outside.body()).contains("may not apply environment 'someone-else'");
        assertThat(deleting.statusCode()).as("the token has no delete right").isEqualTo(403);
    }

    @Test
    void aJwtFromTheIssuerGetsTheRightsItsClaimsMatch() throws Exception {
        String codedang = jwt("skkuding/codedang", Instant.now().plusSeconds(300), signingKey);
        String other = jwt("someone/else", Instant.now().plusSeconds(300), signingKey);
        String forged = jwt("skkuding/codedang", Instant.now().plusSeconds(300), new RSAKeyGenerator(2048).keyID("test-key").generate());
        byte[] spec = OrchestratorHarness.spec("codedang-pr-42", "ghcr.io/skkuding/codedang-frontend:pr-42").getBytes();

        assertThat(orchestrator.send("POST", "/api/v1/environments", codedang, "application/yaml", spec).statusCode()).isEqualTo(202);
        assertThat(orchestrator.send("POST", "/api/v1/environments", other, "application/yaml", spec).statusCode()).isEqualTo(403);
        assertThat(orchestrator.send("POST", "/api/v1/environments", forged, "application/yaml", spec).statusCode()).isEqualTo(401);
        assertThat(orchestrator.send("GET", "/api/v1/environments/codedang-pr-42", codedang, null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void bodiesThatAreNotSpecsGetA4xxProblemNeverA500() {
        String token = OrchestratorHarness.ADMIN_TOKEN;
        assertThat(orchestrator.send("POST", "/api/v1/environments", token, "text/plain", "x".getBytes()).statusCode()).isEqualTo(415);
        assertThat(orchestrator.send("POST", "/api/v1/environments", token, "application/json", new byte[0]).statusCode()).isEqualTo(400);
        assertThat(orchestrator.send("POST", "/api/v1/environments", token, "application/json", new byte[300 * 1024]).statusCode()).isEqualTo(413);
        assertThat(orchestrator.send("POST", "/api/v1/environments", token, "application/yaml", new byte[] {0, (byte) 0xff, 3, 4}).statusCode())
                .isEqualTo(400);
        assertThat(orchestrator.send("POST", "/api/v1/environments", token, "application/json", "[".repeat(100_000).getBytes()).statusCode())
                .isEqualTo(400);
        assertThat(orchestrator.send("GET", "/api/v1/environments/nobody", token, null, null).statusCode()).isEqualTo(404);
        assertThat(orchestrator.send("POST", "/api/v1/environments", token, "application/x-yaml",
                OrchestratorHarness.spec("yaml-flavour", "ghcr.io/x/y:1").getBytes()).statusCode()).isEqualTo(202);
        assertThat(orchestrator.send("POST", "/api/v1/environments", token, "text/yaml",
                OrchestratorHarness.spec("yaml-flavour", "ghcr.io/x/y:2").getBytes()).statusCode()).isEqualTo(202);
    }

    @Test
    void putIsDeclarativeAndTheNameMustMatch() {
        byte[] spec = OrchestratorHarness.spec("put-me", "ghcr.io/skkuding/codedang-frontend:v1").getBytes();

        HttpResponse<String> mismatch = orchestrator.send("PUT", "/api/v1/environments/someone-else", OrchestratorHarness.ADMIN_TOKEN,
                "application/yaml", spec);
        HttpResponse<String> put = orchestrator.send("PUT", "/api/v1/environments/put-me", OrchestratorHarness.ADMIN_TOKEN,
                "application/yaml", spec);

        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertThat(mismatch.body()).contains("metadata.name").contains("the URL names 'someone-else'");
        assertThat(put.statusCode()).isEqualTo(202);
        assertThat(SpecMapper.json().readTree(put.body()).get("generation").asLong()).isEqualTo(1);
    }

    @Test
    void serverSentEventsFollowAnEnvironmentUntilItSettles() throws Exception {
        steps.script((step, command) -> command.subject().equals("streamed") ? ScriptedStepServices.Answer.hold()
                : ScriptedStepServices.Answer.succeed());
        orchestrator.submit(OrchestratorHarness.spec("streamed", "ghcr.io/skkuding/codedang-frontend:v1"));
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2))
                .until(() -> steps.received().stream().filter(c -> c.subject().equals("streamed")).count() == 5);
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(orchestrator.baseUrl() + "/api/v1/environments/streamed/events"))
                .header("Authorization", "Bearer " + OrchestratorHarness.ADMIN_TOKEN).header("Accept", "text/event-stream").build();

        java.util.concurrent.CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> stream = java.net.http.HttpClient.newHttpClient()
                .sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        stream.get(2, java.util.concurrent.TimeUnit.MINUTES); // subscribed: the headers are there
        steps.releaseHeld();
        steps.script((step, command) -> ScriptedStepServices.Answer.succeed());
        java.util.List<String> events = stream
                .thenApply(response -> {
                    java.util.List<String> seen = new java.util.ArrayList<>();
                    java.util.Iterator<String> lines = response.body().filter(line -> line.startsWith("event:")).iterator();
                    while (lines.hasNext() && !seen.contains("event:ready")) {
                        seen.add(lines.next());
                    }
                    return seen;
                })
                .get(2, java.util.concurrent.TimeUnit.MINUTES);

        // the state on subscribing, each change on the way, and the ready state last
        assertThat(events).last().isEqualTo("event:ready");
        assertThat(events.subList(0, events.size() - 1)).isNotEmpty().allSatisfy(line -> assertThat(line).isEqualTo("event:applying"));
    }

    @Test
    void aStreamOpenedMidStepStartsWithTheStepsCurrentProgress() throws Exception {
        steps.script((step, command) -> command.subject().equals("mid-step") && step == Step.WORKLOADS
                ? ScriptedStepServices.Answer.hold() : ScriptedStepServices.Answer.succeed());
        try {
            orchestrator.submit(OrchestratorHarness.spec("mid-step", "ghcr.io/skkuding/codedang-frontend:v1"));
            Event<?> command = org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> steps.received().stream()
                    .filter(c -> c.subject().equals("mid-step") && c.step() == Step.WORKLOADS).findFirst().orElse(null), java.util.Objects::nonNull);
            steps.progress(command, "frontend 0/1 available");
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> SpecMapper.json()
                    .readTree(orchestrator.get("/api/v1/environments/mid-step").body()).path("steps").path("workloads").path("progress")
                    .asString("").equals("frontend 0/1 available"));

            // nothing changes once the stream is open: what it says first is the state at the time it opened
            try (EventStreamReader stream = new EventStreamReader(orchestrator.baseUrl() + "/api/v1/environments/mid-step/events",
                    OrchestratorHarness.ADMIN_TOKEN)) {
                JsonNode first = stream.next(Duration.ofMinutes(2));
                assertThat(first.path("phase").asString()).isEqualTo("applying");
                assertThat(first.path("steps").path("workloads").path("status").asString()).isEqualTo("pending");
                assertThat(first.path("steps").path("workloads").path("progress").asString()).isEqualTo("frontend 0/1 available");
                assertThat(first.path("steps").path("dns").path("status").asString()).isEqualTo("succeeded");
            }
        } finally {
            steps.releaseHeld();
            steps.script((step, command) -> ScriptedStepServices.Answer.succeed());
        }
    }

    @Test
    void thePagesStreamStartsWithTheStateOfEveryEnvironmentTheCallerMayRead() throws Exception {
        steps.script((step, command) -> ScriptedStepServices.Answer.succeed());
        orchestrator.submit(OrchestratorHarness.spec("codedang-live-one", "ghcr.io/skkuding/codedang-frontend:v1"));
        orchestrator.submit(OrchestratorHarness.spec("unseen-live-two", "ghcr.io/skkuding/codedang-frontend:v1"));
        for (String name : List.of("codedang-live-one", "unseen-live-two")) {
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> SpecMapper.json()
                    .readTree(orchestrator.get("/api/v1/environments/" + name).body()).path("phase").asString("").equals("ready"));
        }

        // codedang-ci may read codedang-* only; both environments are ready and stay so: whatever the stream says of
        // them is the state it starts with
        try (EventStreamReader stream = new EventStreamReader(orchestrator.baseUrl() + "/api/v1/events", CI_TOKEN)) {
            List<String> names = new java.util.ArrayList<>();
            JsonNode event;
            do {
                event = stream.next(Duration.ofMinutes(2));
                names.add(event.path("name").asString());
            } while (!event.path("name").asString().equals("codedang-live-one"));
            assertThat(event.path("phase").asString()).isEqualTo("ready");
            assertThat(names).allSatisfy(name -> assertThat(name).startsWith("codedang-")).doesNotHaveDuplicates();
        }
    }

    @Test
    void thePageStreamSaysWhenAReadableHistoryGrewAndNeverNamesAnotherEnvironment() throws Exception {
        steps.script((step, command) -> ScriptedStepServices.Answer.succeed());
        try (EventStreamReader stream = new EventStreamReader(orchestrator.baseUrl() + "/api/v1/events", CI_TOKEN)) {
            // codedang-ci may not read unseen-*: its history grows while the stream is open, and the stream never says so
            orchestrator.submit(OrchestratorHarness.spec("unseen-recorded", "ghcr.io/skkuding/codedang-frontend:v1"));
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2))
                    .until(() -> orchestrator.get("/api/v1/environments/unseen-recorded/history").body().contains("environment.ready"));
            orchestrator.submit(OrchestratorHarness.spec("codedang-recorded", "ghcr.io/skkuding/codedang-frontend:v1"));
            List<String> named = new java.util.ArrayList<>();
            // each event is followed by a read of the history: once it holds environment.ready, the stream has said so
            do {
                named.add(stream.nextRecorded(Duration.ofMinutes(2)).path("name").asString());
            } while (!orchestrator.get("/api/v1/environments/codedang-recorded/history").body().contains("environment.ready")
                    || !named.contains("codedang-recorded"));
            assertThat(named).contains("codedang-recorded").allSatisfy(name -> assertThat(name).isEqualTo("codedang-recorded"));
        }
    }

    @Test
    void theHistoryCanBeAskedForATimeRange() {
        try (BusProbe probe = rabbit.probe()) {
            orchestrator.submit(OrchestratorHarness.spec("ranged", "ghcr.io/skkuding/codedang-frontend:v1"));
            probe.await(ofType(EventType.ENVIRONMENT_READY, "ranged", 1));
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2))
                .until(() -> orchestrator.get("/api/v1/environments/ranged/history").body().contains("environment.ready"));

        String future = orchestrator.get("/api/v1/environments/ranged/history?from=" + Instant.now().plusSeconds(3600)).body();
        String past = orchestrator.get("/api/v1/environments/ranged/history?from=" + Instant.now().minusSeconds(3600)
                + "&to=" + Instant.now().plusSeconds(60)).body();

        assertThat(SpecMapper.json().readTree(future).size()).isZero();
        assertThat(SpecMapper.json().readTree(past).size()).isGreaterThanOrEqualTo(7);
    }

    @Test
    void theOpenApiDocumentAndHealthNeedNoToken() {
        HttpResponse<String> docs = orchestrator.send("GET", "/v3/api-docs", null, null, null);
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.body()).contains("/api/v1/environments/{name}/history");
        assertThat(orchestrator.send("GET", "/actuator/health", null, null, null).body()).contains("UP");
    }

    @Test
    void anAllowedCiUsersSubmissionRunsAndAnotherUsersIsRejectedOnItsReplyQueue() throws Exception {
        try (BusProbe probe = rabbit.probe()) {
            publishToIntake(CI_CODEDANG, OrchestratorHarness.spec("codedang-from-ci", "ghcr.io/skkuding/codedang-frontend:v1"), null);
            probe.await(ofType(EventType.ENVIRONMENT_READY, "codedang-from-ci", 1));

            String replyQueue = rabbit.topology().prefix() + ".reply." + CI_OTHER;
            rabbit.admin().declareQueue(new Queue(replyQueue, false, false, true));
            publishToIntake(CI_OTHER, OrchestratorHarness.spec("codedang-stolen", "ghcr.io/skkuding/codedang-frontend:v1"), replyQueue);

            Message reply = rabbit.rabbitTemplate().receive(replyQueue, 120_000);
            assertThat(reply).isNotNull();
            Event<?> rejected = EventCodec.fromMessage(reply);
            assertThat(rejected.type()).isEqualTo(EventType.ENVIRONMENT_REJECTED);
            assertThat(((Payloads.EnvironmentRejected) rejected.data()).violations()).singleElement()
                    .satisfies(v -> assertThat(v.message()).contains("broker user '" + CI_OTHER + "' may not submit environment 'codedang-stolen'"));
            // filed under 'unknown': a submitter cannot fill the history of an environment it may not submit
            probe.await(ofType(EventType.ENVIRONMENT_REJECTED, "unknown"));
            assertThat(orchestrator.get("/api/v1/environments/codedang-stolen").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aSubmissionDeliveredTwiceStartsOneGeneration() {
        String spec = OrchestratorHarness.spec("codedang-twice", "ghcr.io/skkuding/codedang-frontend:v1");
        try (BusProbe probe = rabbit.probe()) {
            publishToIntake(CI_CODEDANG, spec, null, "ci-run-42");
            publishToIntake(CI_CODEDANG, spec, null, "ci-run-42"); // a CI job publishing again after a lost confirm
            // the intake is consumed in order: once this one exists, the copy above has been taken
            publishToIntake(CI_CODEDANG, OrchestratorHarness.spec("codedang-after-twice", "ghcr.io/skkuding/codedang-frontend:v1"), null);
            probe.await(ofType(EventType.ENVIRONMENT_READY, "codedang-twice", 1));
            probe.await(ofType(EventType.ENVIRONMENT_READY, "codedang-after-twice", 1));

            assertThat(orchestrator.get("/api/v1/environments/codedang-twice").body()).contains("\"generation\":1");
            assertThat(probe.events(e -> e.type() == EventType.ENVIRONMENT_REQUESTED && e.subject().equals("codedang-twice")))
                    .as("one command for the two copies").hasSize(1);

            publishToIntake(CI_CODEDANG, spec, null, "ci-run-43"); // a new message is a new generation
            probe.await(ofType(EventType.ENVIRONMENT_READY, "codedang-twice", 2));
        }
    }

    @Test
    void metricsOfTheSagaAreExposedForPrometheus() {
        try (BusProbe probe = rabbit.probe()) {
            orchestrator.submit(OrchestratorHarness.spec("measured", "ghcr.io/skkuding/codedang-frontend:v1"));
            probe.await(ofType(EventType.ENVIRONMENT_READY, "measured", 1));
        }
        String metrics = orchestrator.send("GET", "/actuator/prometheus", null, null, null).body();

        assertThat(metrics).contains("envsaga_saga_duration_seconds_count{outcome=\"ready\"")
                .contains("envsaga_step_duration_seconds_count{outcome=\"succeeded\",step=\"dns\"")
                .contains("envsaga_sagas_in_flight");
    }

    @Test
    void theAuditHistoryHoldsNoSecret() {
        try (BusProbe probe = rabbit.probe()) {
            orchestrator.send("POST", "/api/v1/environments", CI_TOKEN, "application/yaml",
                    OrchestratorHarness.spec("codedang-audited", "ghcr.io/skkuding/codedang-frontend:v1").getBytes());
            probe.await(ofType(EventType.ENVIRONMENT_READY, "codedang-audited", 1));
        }
        String history = org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2))
                .until(() -> orchestrator.get("/api/v1/environments/codedang-audited/history").body(), h -> h.contains("environment.ready"));

        assertThat(history).contains("environment.requested")
                .doesNotContain(CI_TOKEN).doesNotContain(OrchestratorHarness.ADMIN_TOKEN).doesNotContain(CI_USER_PASSWORD)
                .doesNotContain(postgres.password().isEmpty() ? CI_TOKEN : postgres.password());
    }

    // --- helpers

    private static void publishToIntake(String user, String spec, String replyTo) {
        publishToIntake(user, spec, replyTo, java.util.UUID.randomUUID().toString());
    }

    private static void publishToIntake(String user, String spec, String replyTo, String messageId) {
        CachingConnectionFactory factory = new CachingConnectionFactory(rabbit.endpoint().host(), rabbit.endpoint().port());
        factory.setUsername(user);
        factory.setPassword(CI_USER_PASSWORD);
        try {
            var message = MessageBuilder.withBody(spec.getBytes(StandardCharsets.UTF_8))
                    .setContentType("application/yaml").setUserId(user).setMessageId(messageId);
            if (replyTo != null) {
                message.setReplyTo(replyTo);
            }
            new RabbitTemplate(factory).send(rabbit.topology().intakeExchange(), "environment.submitted", message.build());
        } finally {
            factory.destroy();
        }
    }

    private static String jwt(String repository, Instant expiry, RSAKey key) throws Exception {
        return JwtFixture.token(Map.of("repository", repository), JwtFixture.AUDIENCE, expiry, key);
    }

    private static String sha256(String token) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    }

}
