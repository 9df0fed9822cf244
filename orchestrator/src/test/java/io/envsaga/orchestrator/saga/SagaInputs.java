package io.envsaga.orchestrator.saga;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.events.CommandKind;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Payloads;
import io.envsaga.contracts.events.Step;
import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.EnvironmentValidator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The inputs of the engine's tests: an engine, a spec, and the step reports. */
final class SagaInputs {

    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private SagaInputs() {
    }

    /** Ten minutes for every step, three for DNS. */
    static SagaEngine engine() {
        return new SagaEngine(new Deadlines(Duration.ofMinutes(10), Map.of(Step.DNS, Duration.ofMinutes(3))));
    }

    static SagaState readyOn(SagaEngine engine, Environment spec, String saga) {
        SagaState s = engine.submit(null, spec, saga, T0).state();
        for (Step step : Step.values()) {
            s = engine.onStep(s, succeeded(step, 1, saga), T0).state();
        }
        assertThat(s.phase()).isEqualTo(Phase.READY);
        return s;
    }

    static StepReport succeeded(Step step, long generation, String saga) {
        return new StepReport(step, EventType.STEP_SUCCEEDED, generation, saga,
                new Payloads.StepSucceeded(step, false, Map.of("made", step.id())));
    }

    /** The apply's failure, as every step service of this release says it. */
    static StepReport failed(Step step, long generation, String saga, String reason) {
        return failedOf(step, generation, saga, reason, CommandKind.APPLY);
    }

    /** A failure of this command; null for one of a step service older than {@code command}. */
    static StepReport failedOf(Step step, long generation, String saga, String reason, CommandKind command) {
        return new StepReport(step, EventType.STEP_FAILED, generation, saga, new Payloads.StepFailed(step, reason, false, command));
    }

    /** A release without {@code command}: read as the release the saga waits for (as before the field). */
    static StepReport released(Step step, long generation, String saga) {
        return releasedOf(step, generation, saga, null);
    }

    /** A release answering this command; null for one of a step service older than {@code command}. */
    static StepReport releasedOf(Step step, long generation, String saga, CommandKind command) {
        return new StepReport(step, EventType.STEP_RELEASED, generation, saga, new Payloads.StepReleased(step, command));
    }

    static List<EventType> types(Decision decision) {
        return decision.outgoing().stream().map(Outgoing::type).toList();
    }

    static Environment spec(String image) {
        return new EnvironmentValidator().validate("""
                apiVersion: envsaga.io/v1
                kind: Environment
                metadata: { name: codedang-pr-7 }
                spec:
                  tier: preview
                  workloads: [ { name: frontend, image: %s, port: 5525 } ]
                """.formatted(image)).orThrow();
    }
}
