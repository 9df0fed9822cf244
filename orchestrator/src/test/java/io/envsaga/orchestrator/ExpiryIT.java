package io.envsaga.orchestrator;

import static io.envsaga.testsupport.bus.BusProbe.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Payloads;
import io.envsaga.contracts.events.Step;
import io.envsaga.simulation.bus.ScriptedStepServices;
import io.envsaga.simulation.bus.ScriptedStepServices.Answer;
import io.envsaga.testsupport.bus.BusProbe;
import io.envsaga.testsupport.services.PostgresExtension;
import io.envsaga.testsupport.services.RabbitMqExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
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

/**
 * Issue 28, expiry: previews with a 2 s ttl (or idleAfter) against the real broker and PostgreSQL,
 * with scripted step services; the sweep runs every 100 ms and warns 1 s ahead. Nothing here waits
 * for a time: every wait is for an event, a phase or a history.
 */
class ExpiryIT {

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
        orchestrator.start(ExpirySpecs.FAST_SWEEP);
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
    void aPreviewWithATwoSecondTtlIsWarnedThenDeletedWithBothInItsHistory() {
        assertThat(orchestrator.submit(ExpirySpecs.preview("ttl-two", "{ ttl: 2s }")).statusCode()).isEqualTo(202);
        probe.await(ofType(EventType.ENVIRONMENT_READY, "ttl-two", 1));

        Event<?> deleted = probe.await(ofType(EventType.ENVIRONMENT_DELETED, "ttl-two", 1));

        List<EventType> story = probe.events(e -> e.subject().equals("ttl-two")).stream().map(Event::type)
                .filter(t -> t != EventType.STEP_RELEASED).toList();
        assertThat(story).containsSubsequence(EventType.ENVIRONMENT_READY, EventType.ENVIRONMENT_EXPIRING, EventType.ENVIRONMENT_EXPIRED,
                EventType.ENVIRONMENT_DELETION_REQUESTED, EventType.ENVIRONMENT_DELETED);
        assertThat(story).containsOnlyOnce(EventType.ENVIRONMENT_EXPIRING, EventType.ENVIRONMENT_EXPIRED, EventType.ENVIRONMENT_DELETION_REQUESTED);
        Payloads.EnvironmentExpiring warning = (Payloads.EnvironmentExpiring) probe.await(ofType(EventType.ENVIRONMENT_EXPIRING, "ttl-two")).data();
        assertThat(warning.limit()).isEqualTo("ttl");
        assertThat(warning.after()).isEqualTo("2s");
        assertThat(warning.expiresAt()).isAfter(warning.since());
        Event<?> expired = probe.await(ofType(EventType.ENVIRONMENT_EXPIRED, "ttl-two"));
        assertThat(((Payloads.EnvironmentExpired) expired.data()).reason()).startsWith("expired: 2s after its last apply (ttl, spec.expiry.ttl)");
        assertThat(expired.source().toString()).isEqualTo("/envsaga/orchestrator");
        assertThat(deleted.generation()).isEqualTo(1);

        List<String> history = ExpirySpecs.awaitHistory(orchestrator, "ttl-two", "environment.deleted");
        assertThat(history).containsSubsequence("environment.ready", "environment.expiring", "environment.expired",
                "environment.deletion-requested", "environment.deleted");
        assertThat(ExpirySpecs.view(orchestrator, "ttl-two").get("phase").asString()).isEqualTo("deleted");
        assertThat(ExpirySpecs.view(orchestrator, "ttl-two").get("expiresAt").isNull()).isTrue();
    }

    @Test
    void anEnvironmentBeingAppliedIsNotDeletedAndItsReadyStartsTheTtlAgain() {
        steps.script((step, command) -> command.subject().equals("held") && step == Step.WORKLOADS
                && command.type() == EventType.ENVIRONMENT_REQUESTED ? Answer.hold() : Answer.succeed());
        assertThat(orchestrator.submit(ExpirySpecs.preview("held", "{ ttl: 2s }")).statusCode()).isEqualTo(202);
        Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> steps.heldCount() == 1);
        JsonNode applying = ExpirySpecs.view(orchestrator, "held");
        Instant submitted = Instant.parse(applying.at("/steps/dns/startedAt").asString());
        // until it is ready, its ttl counts from its submission
        assertThat(Instant.parse(applying.get("expiresAt").asString())).isEqualTo(submitted.plusSeconds(2));
        // a control submitted after it, with the same ttl: once the control is deleted, the held one was due at least as long
        assertThat(orchestrator.submit(ExpirySpecs.preview("control", "{ ttl: 2s }")).statusCode()).isEqualTo(202);
        probe.await(ofType(EventType.ENVIRONMENT_DELETED, "control", 1));

        assertThat(ExpirySpecs.view(orchestrator, "held").get("phase").asString()).isEqualTo("applying");
        assertThat(probe.events(e -> e.subject().equals("held")).stream().map(Event::type))
                .doesNotContain(EventType.ENVIRONMENT_EXPIRING, EventType.ENVIRONMENT_EXPIRED, EventType.ENVIRONMENT_DELETION_REQUESTED);

        steps.releaseHeld();
        probe.await(ofType(EventType.ENVIRONMENT_READY, "held", 1));
        Payloads.EnvironmentExpiring warning = (Payloads.EnvironmentExpiring) probe.await(ofType(EventType.ENVIRONMENT_EXPIRING, "held", 1)).data();
        probe.await(ofType(EventType.ENVIRONMENT_DELETED, "held", 1));
        assertThat(warning.limit()).isEqualTo("ttl");
        assertThat(warning.since()).isAfter(submitted);
    }

    @Test
    void anotherSubmissionStartsTheClockAgainAndIsWarnedAgain() {
        assertThat(orchestrator.submit(ExpirySpecs.preview("again", "{ idleAfter: 2s }")).statusCode()).isEqualTo(202);
        probe.await(ofType(EventType.ENVIRONMENT_EXPIRING, "again", 1));
        assertThat(orchestrator.submit(ExpirySpecs.preview("again", "{ idleAfter: 2s }")).statusCode()).isEqualTo(202);

        probe.await(ofType(EventType.ENVIRONMENT_DELETED, "again", 2));
        assertThat(probe.events(ofType(EventType.ENVIRONMENT_EXPIRING, "again"))).extracting(Event::generation).containsExactly(1L, 2L);
        assertThat(probe.events(ofType(EventType.ENVIRONMENT_EXPIRED, "again"))).extracting(Event::generation).containsExactly(2L);
    }

    @Test
    void theClockSurvivesARestartOfTheOrchestrator() {
        orchestrator.stop();
        try {
            // the first orchestrator never sweeps: whatever expires it, it is the second, which never saw the submission
            Map<String, String> noSweep = new HashMap<>(ExpirySpecs.FAST_SWEEP);
            noSweep.put("envsaga.orchestrator.expiry.sweep", "1h");
            orchestrator.start(noSweep);
            assertThat(orchestrator.submit(ExpirySpecs.preview("restarted", "{ ttl: 2s }")).statusCode()).isEqualTo(202);
            probe.await(ofType(EventType.ENVIRONMENT_READY, "restarted", 1));
            assertThat(ExpirySpecs.view(orchestrator, "restarted").get("expiresAt").isNull()).isFalse();
            orchestrator.stop();
        } finally {
            orchestrator.start(ExpirySpecs.FAST_SWEEP);
        }

        probe.await(ofType(EventType.ENVIRONMENT_DELETED, "restarted", 1));
        assertThat(probe.events(ofType(EventType.ENVIRONMENT_EXPIRING, "restarted"))).hasSize(1);
        assertThat(probe.events(ofType(EventType.ENVIRONMENT_EXPIRED, "restarted"))).hasSize(1);
    }
}
