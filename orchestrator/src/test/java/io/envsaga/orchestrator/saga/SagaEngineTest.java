package io.envsaga.orchestrator.saga;

import static io.envsaga.orchestrator.saga.SagaInputs.T0;
import static io.envsaga.orchestrator.saga.SagaInputs.failed;
import static io.envsaga.orchestrator.saga.SagaInputs.failedOf;
import static io.envsaga.orchestrator.saga.SagaInputs.readyOn;
import static io.envsaga.orchestrator.saga.SagaInputs.released;
import static io.envsaga.orchestrator.saga.SagaInputs.spec;
import static io.envsaga.orchestrator.saga.SagaInputs.succeeded;
import static io.envsaga.orchestrator.saga.SagaInputs.types;
import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.events.CommandKind;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Payloads;
import io.envsaga.contracts.events.Step;
import io.envsaga.contracts.spec.Environment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SagaEngineTest {

    private final SagaEngine engine = SagaInputs.engine();
    private final Environment v1 = spec("ghcr.io/skkuding/codedang-frontend:v1");
    private final Environment v2 = spec("ghcr.io/skkuding/codedang-frontend:v2");

    @Test
    void aSubmissionRequestsGenerationOneWithEveryStepPending() {
        Decision d = engine.submit(null, v1, "s1", T0);

        assertThat(d.state().phase()).isEqualTo(Phase.APPLYING);
        assertThat(d.state().generation()).isEqualTo(1);
        assertThat(d.state().steps()).hasSize(5).allSatisfy((step, s) -> assertThat(s.status()).isEqualTo(StepStatus.PENDING));
        assertThat(d.state().steps().get(Step.DNS).deadline()).isEqualTo(T0.plus(Duration.ofMinutes(3)));
        assertThat(d.state().steps().get(Step.CACHE).deadline()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
        assertThat(types(d)).containsExactly(EventType.ENVIRONMENT_REQUESTED);
    }

    @Test
    void everyStepSucceedingMakesItReadyOnce() {
        SagaState s = engine.submit(null, v1, "s1", T0).state();
        for (Step step : List.of(Step.DNS, Step.WORKLOADS, Step.MESSAGING, Step.CACHE)) {
            Decision d = engine.onStep(s, succeeded(step, 1, "s1"), T0);
            assertThat(d.outgoing()).isEmpty();
            s = d.state();
        }
        Decision last = engine.onStep(s, new StepReport(Step.STORAGE, EventType.STEP_SUCCEEDED, 1, "s1",
                new Payloads.StepSucceeded(Step.STORAGE, true, Map.of())), T0);

        assertThat(last.state().phase()).isEqualTo(Phase.READY);
        assertThat(last.state().steps().get(Step.STORAGE).status()).isEqualTo(StepStatus.SKIPPED);
        assertThat(last.state().lastGoodSpec()).isEqualTo(v1);
        assertThat(types(last)).containsExactly(EventType.ENVIRONMENT_READY);
        assertThat(((Payloads.EnvironmentReady) last.outgoing().get(0).data()).outputs()).containsKey(Step.DNS);
        assertThat(engine.onStep(last.state(), succeeded(Step.DNS, 1, "s1"), T0).changed()).isFalse();
    }

    @Test
    void duplicateAndStaleReportsChangeNothing() {
        SagaState s = engine.submit(null, v1, "s1", T0).state();
        s = engine.onStep(s, succeeded(Step.DNS, 1, "s1"), T0).state();

        assertThat(engine.onStep(s, succeeded(Step.DNS, 1, "s1"), T0).changed()).isFalse();
        assertThat(engine.onStep(s, succeeded(Step.CACHE, 0, "s0"), T0).changed()).isFalse();
        assertThat(engine.onStep(s, succeeded(Step.CACHE, 1, "another-saga"), T0).changed()).isFalse();
    }

    @Test
    void aNewSubmissionSupersedesTheOneInFlight() {
        SagaState s = engine.submit(null, v1, "s1", T0).state();
        s = engine.onStep(s, succeeded(Step.DNS, 1, "s1"), T0).state();

        Decision d = engine.submit(s, v2, "s2", T0);

        assertThat(d.state().generation()).isEqualTo(2);
        assertThat(d.state().steps().get(Step.DNS).status()).isEqualTo(StepStatus.PENDING);
        assertThat(engine.onStep(d.state(), succeeded(Step.CACHE, 1, "s1"), T0).changed()).isFalse();
    }

    @Test
    void aFailureOfANeverReadyEnvironmentRollsEverythingBackThenFails() {
        SagaState s = engine.submit(null, v1, "s1", T0).state();
        Decision d = engine.onStep(s, failed(Step.WORKLOADS, 1, "s1", "frontend: ImagePullBackOff"), T0);

        assertThat(d.state().phase()).isEqualTo(Phase.ROLLING_BACK);
        assertThat(types(d)).containsExactly(EventType.ENVIRONMENT_ROLLBACK_REQUESTED);
        s = d.state();
        for (Step step : List.of(Step.DNS, Step.WORKLOADS, Step.MESSAGING, Step.CACHE)) {
            s = engine.onStep(s, released(step, 1, "s1"), T0).state();
        }
        Decision done = engine.onStep(s, released(Step.STORAGE, 1, "s1"), T0);

        assertThat(done.state().phase()).isEqualTo(Phase.FAILED);
        assertThat(types(done)).containsExactly(EventType.ENVIRONMENT_FAILED);
        assertThat(((Payloads.EnvironmentFailed) done.outgoing().get(0).data()).reasons())
                .containsExactly(new Payloads.StepReason(Step.WORKLOADS, "frontend: ImagePullBackOff"));
    }

    @Test
    void aLateSuccessAfterReleaseIsReleasedAgain() {
        SagaState s = engine.submit(null, v1, "s1", T0).state();
        s = engine.onStep(s, failed(Step.WORKLOADS, 1, "s1", "boom"), T0).state();
        for (Step step : Step.values()) {
            s = engine.onStep(s, released(step, 1, "s1"), T0).state();
        }
        assertThat(s.phase()).isEqualTo(Phase.FAILED);

        Decision late = engine.onStep(s, succeeded(Step.DNS, 1, "s1"), T0);

        assertThat(types(late)).containsExactly(EventType.ENVIRONMENT_ROLLBACK_REQUESTED);
        assertThat(late.state().steps().get(Step.DNS).status()).isEqualTo(StepStatus.RELEASING);
        assertThat(late.state().phase()).isEqualTo(Phase.FAILED);
        Decision again = engine.onStep(late.state(), released(Step.DNS, 1, "s1"), T0);
        assertThat(again.state().phase()).isEqualTo(Phase.FAILED);
        assertThat(again.state().steps().get(Step.DNS).status()).isEqualTo(StepStatus.RELEASED);
        assertThat(again.outgoing()).as("the outcome was published when the rollback settled").isEmpty();
    }

    @Test
    void anOutcomeIsPublishedOncePerGenerationWhateverArrivesLate() {
        SagaState s = engine.submit(null, v1, "s1", T0).state();
        List<EventType> published = new java.util.ArrayList<>(List.of(EventType.ENVIRONMENT_REQUESTED));
        List<StepReport> inputs = new java.util.ArrayList<>();
        inputs.add(failed(Step.WORKLOADS, 1, "s1", "boom"));
        for (Step step : Step.values()) {
            inputs.add(released(step, 1, "s1"));
        }
        // after the outcome: late successes, their releases, duplicates, late failures and release failures
        for (Step step : Step.values()) {
            inputs.add(succeeded(step, 1, "s1"));
            inputs.add(succeeded(step, 1, "s1"));
            inputs.add(failed(step, 1, "s1", "late"));
            inputs.add(released(step, 1, "s1"));
            inputs.add(released(step, 1, "s1"));
        }
        inputs.add(succeeded(Step.DNS, 1, "s1"));
        inputs.add(failedOf(Step.DNS, 1, "s1", "could not release", CommandKind.ROLLBACK));
        for (StepReport input : inputs) {
            Decision d = engine.onStep(s, input, T0);
            published.addAll(types(d));
            s = d.changed() ? d.state() : s;
            if (s.phase() == Phase.FAILED) { // a release of a late success has a deadline too: it must not end the saga again
                published.addAll(types(engine.tick(s, T0.plus(Duration.ofHours(1)))));
            }
        }

        assertThat(published).filteredOn(t -> t == EventType.ENVIRONMENT_FAILED || t == EventType.ENVIRONMENT_READY)
                .containsExactly(EventType.ENVIRONMENT_FAILED);
        assertThat(s.phase()).isEqualTo(Phase.FAILED);
        assertThat(s.steps().get(Step.DNS).status()).isEqualTo(StepStatus.RELEASE_FAILED);
    }

    @Test
    void readyIsPublishedOnceAndALateFailureOfAReadyGenerationChangesNothing() {
        SagaState s = readyOn(engine, v1, "s1");

        assertThat(engine.onStep(s, failed(Step.DNS, 1, "s1", "late"), T0).changed()).isFalse();
        assertThat(engine.onStep(s, succeeded(Step.DNS, 1, "s1"), T0).changed()).isFalse();
        assertThat(engine.tick(s, T0.plus(Duration.ofHours(1))).changed()).isFalse();
    }

    @Test
    void aFailedUpdateOfAReadyEnvironmentRestoresTheLastGoodSpec() {
        SagaState ready = readyOn(engine, v1, "s1");
        SagaState updating = engine.submit(ready, v2, "s2", T0).state();

        Decision d = engine.onStep(updating, failed(Step.WORKLOADS, 2, "s2", "frontend: ImagePullBackOff for v2"), T0);

        assertThat(types(d)).containsExactly(EventType.ENVIRONMENT_FAILED, EventType.ENVIRONMENT_REQUESTED);
        assertThat(d.outgoing().get(0).generation()).isEqualTo(2);
        assertThat(d.outgoing().get(1).generation()).isEqualTo(3);
        assertThat(((Payloads.EnvironmentRequested) d.outgoing().get(1).data()).spec()).isEqualTo(v1);
        assertThat(d.state().restoring()).isTrue();
        assertThat(d.state().spec()).isEqualTo(v1);

        SagaState s = d.state();
        for (Step step : Step.values()) {
            s = engine.onStep(s, succeeded(step, 3, s.sagaId()), T0).state();
        }
        assertThat(s.phase()).isEqualTo(Phase.READY);
        assertThat(s.generation()).isEqualTo(3);
        assertThat(s.spec()).isEqualTo(v1);
    }

    @Test
    void aFailedRestoreStopsInsteadOfLooping() {
        SagaState ready = readyOn(engine, v1, "s1");
        SagaState restoring = engine.onStep(engine.submit(ready, v2, "s2", T0).state(), failed(Step.CACHE, 2, "s2", "no"), T0).state();

        Decision d = engine.onStep(restoring, failed(Step.CACHE, 3, restoring.sagaId(), "still no"), T0);

        assertThat(d.state().phase()).isEqualTo(Phase.FAILED);
        assertThat(types(d)).containsExactly(EventType.ENVIRONMENT_FAILED);
    }

    @Test
    void aHungStepFailsAtItsDeadlineAndIsCompensated() {
        SagaState s = engine.submit(null, v1, "s1", T0).state();
        for (Step step : List.of(Step.WORKLOADS, Step.MESSAGING, Step.CACHE, Step.STORAGE)) {
            s = engine.onStep(s, succeeded(step, 1, "s1"), T0).state();
        }
        assertThat(engine.tick(s, T0.plus(Duration.ofMinutes(2))).changed()).isFalse();

        Decision d = engine.tick(s, T0.plus(Duration.ofMinutes(3)));

        assertThat(d.state().phase()).isEqualTo(Phase.ROLLING_BACK);
        assertThat(d.state().reasons()).containsExactly(new Payloads.StepReason(Step.DNS, "timed out after 3 min"));
        assertThat(types(d)).containsExactly(EventType.ENVIRONMENT_ROLLBACK_REQUESTED);
    }

    @Test
    void deletionReleasesEveryStepThenReportsDeleted() {
        SagaState ready = readyOn(engine, v1, "s1");
        Decision d = engine.delete(ready, T0);

        assertThat(types(d)).containsExactly(EventType.ENVIRONMENT_DELETION_REQUESTED);
        assertThat(d.outgoing().get(0).generation()).isEqualTo(1);
        SagaState s = d.state();
        for (Step step : Step.values()) {
            s = engine.onStep(s, released(step, 1, "s1"), T0).state();
        }
        assertThat(s.phase()).isEqualTo(Phase.DELETED);
        assertThat(engine.delete(s, T0).changed()).isFalse();
        assertThat(engine.submit(s, v2, "s3", T0).state().generation()).isEqualTo(2);
        assertThat(engine.submit(s, v2, "s3", T0).state().wasEverReady()).isFalse();
    }

    @Test
    void aReleaseThatTimesOutEndsTheDeletionAsFailedWithTheReason() {
        SagaState s = engine.delete(readyOn(engine, v1, "s1"), T0).state();
        for (Step step : List.of(Step.WORKLOADS, Step.MESSAGING, Step.CACHE, Step.STORAGE)) {
            s = engine.onStep(s, released(step, 1, "s1"), T0).state();
        }

        Decision d = engine.tick(s, T0.plus(Duration.ofMinutes(3)));

        assertThat(d.state().phase()).isEqualTo(Phase.FAILED);
        assertThat(d.state().reasons()).extracting(Payloads.StepReason::reason).containsExactly("release timed out after 3 min");
    }
}
