package io.envsaga.orchestrator;

import static io.envsaga.testsupport.bus.BusProbe.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.events.CommandKind;
import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventCodec;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Payloads;
import io.envsaga.contracts.events.Step;
import io.envsaga.contracts.spec.SpecMapper;
import io.envsaga.testsupport.bus.BusProbe;
import io.envsaga.simulation.bus.ScriptedStepServices;
import io.envsaga.simulation.bus.ScriptedStepServices.Answer;
import io.envsaga.testsupport.bus.TcpProxy;
import io.envsaga.testsupport.services.PostgresExtension;
import io.envsaga.testsupport.services.RabbitMqExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** The saga end to end: the real orchestrator, RabbitMQ and PostgreSQL, with scripted step services. */
class SagaFlowIT {

    @RegisterExtension
    static final RabbitMqExtension rabbit = new RabbitMqExtension();
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    static OrchestratorHarness orchestrator;
    static ScriptedStepServices steps;
    BusProbe probe;

    @BeforeAll
    static void start() {
        orchestrator = new OrchestratorHarness(rabbit, postgres);
        orchestrator.start();
        steps = new ScriptedStepServices(rabbit.connectionFactory(), rabbit.topology());
    }

    @AfterAll
    static void stop() {
        steps.close();
        orchestrator.stop();
    }

    @BeforeEach
    void setUp() {
        probe = rabbit.probe();
        steps.script((step, command) -> Answer.succeed());
    }

    @AfterEach
    void tearDown() {
        probe.close();
    }

    @Test
    void happyPathRestSubmitToReadyWithTheWholeStoryInTheHistory() {
        HttpResponse<String> response = orchestrator.submit(OrchestratorHarness.spec("happy", "ghcr.io/skkuding/codedang-frontend:v1"));

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode accepted = SpecMapper.json().readTree(response.body());
        assertThat(accepted.get("generation").asLong()).isEqualTo(1);
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/environments/happy");
        Event<?> ready = probe.await(ofType(EventType.ENVIRONMENT_READY, "happy", 1));
        assertThat(ready.sagaId()).isEqualTo(accepted.get("sagaId").asString());

        JsonNode view = awaitPhase("happy", "ready");
        assertThat(view.get("steps").properties()).hasSize(5).allSatisfy(s -> assertThat(s.getValue().get("status").asString()).isEqualTo("succeeded"));
        assertThat(view.get("steps").get("dns").get("outputs").get("by").asString()).isEqualTo("scripted-dns");

        List<String> history = awaitHistory("happy", 7);
        assertThat(history.get(0)).isEqualTo("environment.requested");
        assertThat(history.subList(1, 6)).containsExactlyInAnyOrder("step.dns.succeeded", "step.workloads.succeeded",
                "step.messaging.succeeded", "step.cache.succeeded", "step.storage.succeeded");
        assertThat(history.get(6)).isEqualTo("environment.ready");
    }

    @Test
    void aFailingStepOfANewEnvironmentReleasesEveryStepAndFailsWithTheReason() {
        steps.script((step, command) -> command.type() == EventType.ENVIRONMENT_REQUESTED && step == Step.WORKLOADS
                ? Answer.fail("frontend: ImagePullBackOff for ghcr.io/skkuding/codedang-frontend:nope") : Answer.succeed());

        orchestrator.submit(OrchestratorHarness.spec("failing", "ghcr.io/skkuding/codedang-frontend:nope"));

        Event<?> failed = probe.await(ofType(EventType.ENVIRONMENT_FAILED, "failing", 1));
        assertThat(((Payloads.EnvironmentFailed) failed.data()).reasons()).containsExactly(
                new Payloads.StepReason(Step.WORKLOADS, "frontend: ImagePullBackOff for ghcr.io/skkuding/codedang-frontend:nope"));
        assertThat(probe.events(ofType(EventType.ENVIRONMENT_ROLLBACK_REQUESTED, "failing"))).hasSize(1);
        assertThat(probe.events(e -> e.type() == EventType.STEP_RELEASED && e.subject().equals("failing")))
                .extracting(Event::step).containsExactlyInAnyOrder(Step.values());
        assertThat(awaitPhase("failing", "failed").get("reasons").get(0).get("reason").asString()).contains("ImagePullBackOff");
    }

    @Test
    void aFailingUpdateReappliesTheLastGoodSpecAndTheEnvironmentIsReadyOnIt() {
        orchestrator.submit(OrchestratorHarness.spec("updating", "ghcr.io/skkuding/codedang-frontend:v1"));
        probe.await(ofType(EventType.ENVIRONMENT_READY, "updating", 1));
        steps.script((step, command) -> step == Step.WORKLOADS && imageOf(command).endsWith(":v2-broken")
                ? Answer.fail("frontend: CrashLoopBackOff") : Answer.succeed());

        orchestrator.submit(OrchestratorHarness.spec("updating", "ghcr.io/skkuding/codedang-frontend:v2-broken"));

        probe.await(ofType(EventType.ENVIRONMENT_FAILED, "updating", 2));
        Event<?> restored = probe.await(ofType(EventType.ENVIRONMENT_READY, "updating", 3));
        assertThat(restored).isNotNull();
        Event<?> reapply = probe.await(ofType(EventType.ENVIRONMENT_REQUESTED, "updating", 3));
        assertThat(imageOf(reapply)).endsWith(":v1");
        JsonNode view = awaitPhase("updating", "ready");
        assertThat(view.get("generation").asLong()).isEqualTo(3);
        assertThat(view.get("spec").get("spec").get("workloads").get(0).get("image").asString()).endsWith(":v1");
        assertThat(probe.events(ofType(EventType.ENVIRONMENT_ROLLBACK_REQUESTED, "updating"))).isEmpty();
    }

    @Test
    void aHungStepFailsAtItsDeadlineAndIsCompensated() {
        steps.script((step, command) -> command.type() == EventType.ENVIRONMENT_REQUESTED && step == Step.CACHE
                ? Answer.hang() : Answer.succeed());
        // a short deadline for this test only: in the others a busy machine must not reach it
        orchestrator.stop();
        orchestrator.start(Map.of("envsaga.orchestrator.deadlines.steps.cache", "3s"));
        try {
            orchestrator.submit(OrchestratorHarness.spec("hung", "ghcr.io/skkuding/codedang-frontend:v1"));

            Event<?> failed = probe.await(ofType(EventType.ENVIRONMENT_FAILED, "hung", 1), Duration.ofMinutes(2));
            assertThat(((Payloads.EnvironmentFailed) failed.data()).reasons())
                    .containsExactly(new Payloads.StepReason(Step.CACHE, "timed out after 3 s"));
            Awaitility.await().atMost(Duration.ofMinutes(2))
                    .until(() -> probe.events(e -> e.type() == EventType.STEP_RELEASED && e.subject().equals("hung")).size() == 5);
        } finally {
            orchestrator.stop();
            orchestrator.start();
        }
    }

    @Test
    void duplicateAndStaleStepEventsChangeNothing() {
        steps.script((step, command) -> Answer.twice());

        orchestrator.submit(OrchestratorHarness.spec("twice", "ghcr.io/skkuding/codedang-frontend:v1"));
        probe.await(ofType(EventType.ENVIRONMENT_READY, "twice", 1));
        Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> probe.events(e -> e.subject().equals("twice")
                && e.type() == EventType.STEP_SUCCEEDED).size() == 10);
        // a stale failure of an older saga, arriving late
        Event<Object> stale = Event.of(EventType.STEP_FAILED, "/test", "twice", "some-old-saga", 0, Step.DNS,
                new Payloads.StepFailed(Step.DNS, "stale", false, CommandKind.APPLY));
        org.springframework.amqp.core.Message staleMessage = EventCodec.toMessage(stale);
        staleMessage.getMessageProperties().setUserId(rabbit.endpoint().username()); // from the step's user: only its staleness is wrong
        rabbit.rabbitTemplate().send(rabbit.topology().eventsExchange(), stale.routingKey(), staleMessage);
        awaitHistoryContains("twice", "step.dns.failed");

        assertThat(probe.events(ofType(EventType.ENVIRONMENT_READY, "twice"))).hasSize(1);
        assertThat(awaitPhase("twice", "ready").get("generation").asLong()).isEqualTo(1);
        assertThat(probe.events(ofType(EventType.ENVIRONMENT_ROLLBACK_REQUESTED, "twice"))).isEmpty();
    }

    @Test
    void aNewSubmissionSupersedesTheOneInFlight() {
        steps.script((step, command) -> command.generation() == 1 ? Answer.hold() : Answer.succeed());

        orchestrator.submit(OrchestratorHarness.spec("superseded", "ghcr.io/skkuding/codedang-frontend:v1"));
        Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> steps.received().stream()
                .filter(c -> c.subject().equals("superseded")).count() == 5);
        orchestrator.submit(OrchestratorHarness.spec("superseded", "ghcr.io/skkuding/codedang-frontend:v2"));
        probe.await(ofType(EventType.ENVIRONMENT_READY, "superseded", 2));
        steps.releaseHeld(); // generation 1's answers arrive late

        awaitHistoryCount("superseded", "step.%s.succeeded", 10);
        assertThat(probe.events(ofType(EventType.ENVIRONMENT_READY, "superseded"))).extracting(Event::generation).containsExactly(2L);
        JsonNode view = awaitPhase("superseded", "ready");
        assertThat(view.get("generation").asLong()).isEqualTo(2);
        assertThat(view.get("spec").get("spec").get("workloads").get(0).get("image").asString()).endsWith(":v2");
    }

    @Test
    void deleteReleasesEveryStepThenReportsDeleted() {
        orchestrator.submit(OrchestratorHarness.spec("deleted", "ghcr.io/skkuding/codedang-frontend:v1"));
        probe.await(ofType(EventType.ENVIRONMENT_READY, "deleted", 1));

        HttpResponse<String> response = orchestrator.send("DELETE", "/api/v1/environments/deleted", OrchestratorHarness.ADMIN_TOKEN, null, null);

        assertThat(response.statusCode()).isEqualTo(202);
        probe.await(ofType(EventType.ENVIRONMENT_DELETED, "deleted"));
        assertThat(probe.events(ofType(EventType.ENVIRONMENT_DELETION_REQUESTED, "deleted"))).hasSize(1);
        assertThat(probe.events(e -> e.type() == EventType.STEP_RELEASED && e.subject().equals("deleted")))
                .extracting(Event::step).containsExactlyInAnyOrder(Step.values());
        awaitPhase("deleted", "deleted");
    }

    @Test
    void theOrchestratorStoppedMidSagaFinishesItAfterARestart() {
        steps.script((step, command) -> Answer.hold());
        orchestrator.submit(OrchestratorHarness.spec("restarted", "ghcr.io/skkuding/codedang-frontend:v1"));
        Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> steps.received().stream()
                .filter(c -> c.subject().equals("restarted")).count() == 5);

        orchestrator.stop();
        steps.releaseHeld(); // the steps finish while the orchestrator is away
        orchestrator.start();

        probe.await(ofType(EventType.ENVIRONMENT_READY, "restarted", 1));
        awaitPhase("restarted", "ready");
    }

    @Test
    void aSubmissionAcceptedWhileTheBrokerIsDownIsPublishedOnceItIsBack() throws Exception {
        orchestrator.stop();
        try (TcpProxy proxy = new TcpProxy(rabbit.endpoint().host(), rabbit.endpoint().port())) {
            // the consumers reconnect too: a step deadline of seconds would race them
            orchestrator.start(Map.of("spring.rabbitmq.port", Integer.toString(proxy.port()), "envsaga.orchestrator.deadlines.steps.cache", "60s"));
            proxy.cut();

            HttpResponse<String> response = orchestrator.submit(OrchestratorHarness.spec("offline", "ghcr.io/skkuding/codedang-frontend:v1"));
            assertThat(response.statusCode()).isEqualTo(202);
            assertThat(probe.events(ofType(EventType.ENVIRONMENT_REQUESTED, "offline"))).isEmpty();

            proxy.restore();
            probe.await(ofType(EventType.ENVIRONMENT_REQUESTED, "offline", 1), Duration.ofMinutes(2));
            probe.await(ofType(EventType.ENVIRONMENT_READY, "offline", 1), Duration.ofMinutes(2));
        } finally {
            orchestrator.stop();
            orchestrator.start();
        }
    }

    // --- helpers

    private static String imageOf(Event<?> command) {
        return ((Payloads.Command) command.data()).spec().spec().workloads().get(0).image();
    }

    private JsonNode awaitPhase(String name, String phase) {
        return Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
            HttpResponse<String> response = orchestrator.get("/api/v1/environments/" + name);
            return response.statusCode() == 200 ? SpecMapper.json().readTree(response.body()) : null;
        }, view -> view != null && view.get("phase").asString().equals(phase));
    }

    private List<String> history(String name) {
        JsonNode records = SpecMapper.json().readTree(orchestrator.get("/api/v1/environments/" + name + "/history").body());
        return records.valueStream().map(r -> r.get("routingKey").asString()).toList();
    }

    private List<String> awaitHistory(String name, int size) {
        return Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> history(name), h -> h.size() >= size);
    }

    private void awaitHistoryContains(String name, String routingKey) {
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> history(name).contains(routingKey));
    }

    private void awaitHistoryCount(String name, String pattern, int count) {
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> history(name).stream()
                .filter(k -> k.matches(pattern.replace("%s", "[a-z]+").replace(".", "\\.").replace("[a-z]+", "[a-z]+"))).count() >= count);
    }
}
