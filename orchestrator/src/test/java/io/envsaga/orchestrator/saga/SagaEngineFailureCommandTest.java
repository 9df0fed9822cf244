package io.envsaga.orchestrator.saga;

import static io.envsaga.orchestrator.saga.SagaInputs.T0;
import static io.envsaga.orchestrator.saga.SagaInputs.failed;
import static io.envsaga.orchestrator.saga.SagaInputs.failedOf;
import static io.envsaga.orchestrator.saga.SagaInputs.readyOn;
import static io.envsaga.orchestrator.saga.SagaInputs.released;
import static io.envsaga.orchestrator.saga.SagaInputs.spec;
import static io.envsaga.orchestrator.saga.SagaInputs.types;
import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.events.CommandKind;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Payloads.StepReason;
import io.envsaga.contracts.events.Step;
import io.envsaga.contracts.spec.Environment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A step's failure says which command it answers ({@code command} of {@code step.<step>.failed}):
 * while a step releases, the failure of its apply is not the failure of its release
 * (docs/reliability.md, defect 1).
 */
class SagaEngineFailureCommandTest {

    private final SagaEngine engine = SagaInputs.engine();
    private final Environment v1 = spec("ghcr.io/skkuding/codedang-frontend:v1");

    /** Defect 1's known limit: read as a failed release before {@code command}, so the environment "could not release". */
    @Test
    void aSecondApplyFailureAfterTheRollbackStartedIsNotAFailedRelease() {
        SagaState s = engine.submit(null, v1, "s1", T0).state();
        s = engine.onStep(s, failed(Step.WORKLOADS, 1, "s1", "frontend: ImagePullBackOff"), T0).state();
        assertThat(s.phase()).isEqualTo(Phase.ROLLING_BACK);

        Decision second = engine.onStep(s, failed(Step.CACHE, 1, "s1", "redis: connection refused"), T0);

        assertThat(second.changed()).isTrue();
        assertThat(second.outgoing()).as("the rollback already asks the cache step to release").isEmpty();
        s = second.state();
        assertThat(s.steps().get(Step.CACHE).status()).isEqualTo(StepStatus.RELEASING);
        assertThat(engine.onStep(s, failed(Step.CACHE, 1, "s1", "redis: connection refused"), T0).changed())
                .as("its duplicate").isFalse();
        assertThat(engine.onStep(s, failed(Step.WORKLOADS, 1, "s1", "frontend: ImagePullBackOff"), T0).changed())
                .as("a duplicate of the first").isFalse();
        List<EventType> published = new ArrayList<>();
        for (Step step : Step.values()) {
            Decision d = engine.onStep(s, released(step, 1, "s1"), T0);
            published.addAll(types(d));
            s = d.state();
        }

        assertThat(published).containsExactly(EventType.ENVIRONMENT_FAILED);
        assertThat(s.phase()).isEqualTo(Phase.FAILED);
        assertThat(s.steps()).allSatisfy((step, st) -> assertThat(st.status()).as(step.id()).isEqualTo(StepStatus.RELEASED));
        assertThat(s.reasons()).containsExactly(new StepReason(Step.WORKLOADS, "frontend: ImagePullBackOff"),
                new StepReason(Step.CACHE, "redis: connection refused"));
    }

    /** Found by the chaos suite (everyMessageDeliveredTwiceAndPoisonOnEveryQueue): the apply's failure again, during the rollback. */
    @Test
    void aDuplicateOfTheApplyFailureDuringTheRollbackIsNotAFailedRelease() {
        SagaState s = engine.submit(null, v1, "s1", T0).state();
        s = engine.onStep(s, failed(Step.WORKLOADS, 1, "s1", "frontend: ImagePullBackOff"), T0).state();

        assertThat(engine.onStep(s, failed(Step.WORKLOADS, 1, "s1", "frontend: ImagePullBackOff"), T0).changed()).isFalse();
        assertThat(engine.onStep(s, failed(Step.WORKLOADS, 1, "s1", "gave up after 3 attempts: timeout"), T0).changed())
                .as("another failure of the same apply (applied twice)").isFalse();
        for (Step step : Step.values()) {
            s = engine.onStep(s, released(step, 1, "s1"), T0).state();
        }
        assertThat(s.phase()).isEqualTo(Phase.FAILED);
        assertThat(s.steps()).allSatisfy((step, st) -> assertThat(st.status()).as(step.id()).isEqualTo(StepStatus.RELEASED));
        assertThat(s.reasons()).containsExactly(new StepReason(Step.WORKLOADS, "frontend: ImagePullBackOff"));
    }

    @Test
    void aFailureOfTheRollbackIsAFailedRelease() {
        SagaState s = engine.submit(null, v1, "s1", T0).state();
        s = engine.onStep(s, failed(Step.WORKLOADS, 1, "s1", "frontend: ImagePullBackOff"), T0).state();

        Decision d = engine.onStep(s, failedOf(Step.DNS, 1, "s1", "Route53: throttled", CommandKind.ROLLBACK), T0);

        assertThat(d.state().steps().get(Step.DNS).status()).isEqualTo(StepStatus.RELEASE_FAILED);
        assertThat(d.note()).isEqualTo("dns could not release: Route53: throttled");
        s = d.state();
        for (Step step : List.of(Step.WORKLOADS, Step.MESSAGING, Step.CACHE, Step.STORAGE)) {
            s = engine.onStep(s, released(step, 1, "s1"), T0).state();
        }
        assertThat(s.phase()).isEqualTo(Phase.FAILED);
        assertThat(s.reasons()).containsExactly(new StepReason(Step.WORKLOADS, "frontend: ImagePullBackOff"),
                new StepReason(Step.DNS, "Route53: throttled"));
    }

    @Test
    void aFailureOfTheDeletionIsAFailedReleaseAndOneOfTheRollbackItSupersededIsNot() {
        SagaState s = engine.delete(readyOn(engine, v1, "s1"), T0).state();

        assertThat(engine.onStep(s, failedOf(Step.CACHE, 1, "s1", "old rollback", CommandKind.ROLLBACK), T0).changed())
                .as("the rollback's failure: the deletion answers on its own").isFalse();
        assertThat(engine.onStep(s, failed(Step.CACHE, 1, "s1", "an apply again"), T0).changed())
                .as("an apply's failure while deleting").isFalse();
        s = engine.onStep(s, failedOf(Step.CACHE, 1, "s1", "redis: timeout", CommandKind.DELETION), T0).state();
        assertThat(s.steps().get(Step.CACHE).status()).isEqualTo(StepStatus.RELEASE_FAILED);
        Decision last = null;
        for (Step step : List.of(Step.DNS, Step.WORKLOADS, Step.MESSAGING, Step.STORAGE)) {
            last = engine.onStep(s, released(step, 1, "s1"), T0);
            s = last.state();
        }
        assertThat(s.phase()).isEqualTo(Phase.FAILED);
        assertThat(last.note()).isEqualTo("deletion incomplete");
        assertThat(s.reasons()).containsExactly(new StepReason(Step.CACHE, "redis: timeout"));
    }

    @Test
    void afterTheOutcomeAnApplyFailureChangesNothingAndAReleaseFailureOnlyTheStep() {
        SagaState s = engine.submit(null, v1, "s1", T0).state();
        s = engine.onStep(s, failed(Step.WORKLOADS, 1, "s1", "boom"), T0).state();
        for (Step step : Step.values()) {
            s = engine.onStep(s, released(step, 1, "s1"), T0).state();
        }
        s = engine.onStep(s, SagaInputs.succeeded(Step.DNS, 1, "s1"), T0).state(); // a late success: released again
        assertThat(s.steps().get(Step.DNS).status()).isEqualTo(StepStatus.RELEASING);

        assertThat(engine.onStep(s, failed(Step.DNS, 1, "s1", "late apply"), T0).changed()).isFalse();
        Decision d = engine.onStep(s, failedOf(Step.DNS, 1, "s1", "could not release", CommandKind.ROLLBACK), T0);
        assertThat(d.state().steps().get(Step.DNS).status()).isEqualTo(StepStatus.RELEASE_FAILED);
        assertThat(d.state().phase()).isEqualTo(Phase.FAILED);
        assertThat(d.outgoing()).isEmpty();
    }

    /** A step service of the previous release (no {@code command}, during a rolling upgrade): the old guess. */
    @Test
    void aFailureWithoutCommandIsReadAsBefore() {
        SagaState s = engine.submit(null, v1, "s1", T0).state();
        Decision first = engine.onStep(s, failedOf(Step.WORKLOADS, 1, "s1", "frontend: ImagePullBackOff", null), T0);
        assertThat(types(first)).as("an apply failure while applying").containsExactly(EventType.ENVIRONMENT_ROLLBACK_REQUESTED);
        s = first.state();

        assertThat(engine.onStep(s, failedOf(Step.WORKLOADS, 1, "s1", "frontend: ImagePullBackOff", null), T0).changed())
                .as("the apply's reason again: a duplicate").isFalse();
        Decision other = engine.onStep(s, failedOf(Step.CACHE, 1, "s1", "redis: connection refused", null), T0);

        assertThat(other.state().steps().get(Step.CACHE).status()).as("another reason while releasing: the release's failure")
                .isEqualTo(StepStatus.RELEASE_FAILED);
        assertThat(other.note()).isEqualTo("cache could not release: redis: connection refused");
        assertThat(other.state().reasons()).extracting(StepReason::step).containsExactly(Step.WORKLOADS, Step.CACHE);
    }
}
