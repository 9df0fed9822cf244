package io.envsaga.orchestrator.saga;

import static io.envsaga.orchestrator.saga.SagaInputs.T0;
import static io.envsaga.orchestrator.saga.SagaInputs.failed;
import static io.envsaga.orchestrator.saga.SagaInputs.failedOf;
import static io.envsaga.orchestrator.saga.SagaInputs.releasedOf;
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
 * A step's release says which command it answers ({@code command} of {@code step.<step>.released}):
 * a late release of a rollback is not the release of the deletion that superseded it, nor the other
 * way round. Without it a deletion during a rollback ended DELETED on the rollback's answers, before
 * any deletion had run, and the deletion's own failure was then ignored.
 */
class SagaEngineReleaseCommandTest {

    private final SagaEngine engine = SagaInputs.engine();
    private final Environment v1 = spec("ghcr.io/skkuding/codedang-frontend:v1");

    @Test
    void theRollbacksReleasesDoNotSettleTheDeletionThatSupersededIt() {
        SagaState s = engine.submit(null, v1, "s1", T0).state();
        s = engine.onStep(s, failed(Step.WORKLOADS, 1, "s1", "frontend: ImagePullBackOff"), T0).state();
        assertThat(s.phase()).isEqualTo(Phase.ROLLING_BACK);
        s = engine.delete(s, T0).state(); // DELETE while the rollback runs: every step is asked to delete
        assertThat(s.phase()).isEqualTo(Phase.DELETING);

        List<EventType> published = new ArrayList<>();
        for (Step step : Step.values()) {
            Decision late = engine.onStep(s, releasedOf(step, 1, "s1", CommandKind.ROLLBACK), T0);
            assertThat(late.changed()).as("the rollback's release of " + step.id() + ": the deletion answers on its own").isFalse();
            published.addAll(types(late));
        }
        assertThat(published).as("not deleted before any deletion ran").isEmpty();

        // the deletions answer: one cannot delete, and that must not be lost
        s = engine.onStep(s, failedOf(Step.CACHE, 1, "s1", "redis: timeout", CommandKind.DELETION), T0).state();
        Decision last = null;
        for (Step step : List.of(Step.DNS, Step.WORKLOADS, Step.MESSAGING, Step.STORAGE)) {
            last = engine.onStep(s, releasedOf(step, 1, "s1", CommandKind.DELETION), T0);
            s = last.state();
        }
        assertThat(s.phase()).isEqualTo(Phase.FAILED);
        assertThat(last.note()).isEqualTo("deletion incomplete");
        assertThat(s.steps().get(Step.CACHE).status()).isEqualTo(StepStatus.RELEASE_FAILED);
        assertThat(s.reasons()).containsExactly(new StepReason(Step.CACHE, "redis: timeout"));
    }

    @Test
    void aLateCopyOfTheDeletionsReleaseIsNotTheReleaseOfALateSuccess() {
        SagaState s = engine.submit(null, v1, "s1", T0).state();
        s = engine.delete(s, T0).state(); // deleted before it was ever ready
        s = engine.onStep(s, failedOf(Step.CACHE, 1, "s1", "redis: timeout", CommandKind.DELETION), T0).state();
        for (Step step : List.of(Step.DNS, Step.WORKLOADS, Step.MESSAGING, Step.STORAGE)) {
            s = engine.onStep(s, releasedOf(step, 1, "s1", CommandKind.DELETION), T0).state();
        }
        assertThat(s.phase()).isEqualTo(Phase.FAILED);
        // the apply's success, published before the deletion superseded it, arrives last: released again by a rollback
        Decision again = engine.onStep(s, SagaInputs.succeeded(Step.DNS, 1, "s1"), T0);
        assertThat(types(again)).containsExactly(EventType.ENVIRONMENT_ROLLBACK_REQUESTED);
        s = again.state();

        assertThat(engine.onStep(s, releasedOf(Step.DNS, 1, "s1", CommandKind.DELETION), T0).changed())
                .as("a redelivered copy of the deletion's release: the rollback has not answered").isFalse();
        Decision rolledBack = engine.onStep(s, releasedOf(Step.DNS, 1, "s1", CommandKind.ROLLBACK), T0);
        assertThat(rolledBack.state().steps().get(Step.DNS).status()).isEqualTo(StepStatus.RELEASED);
        assertThat(rolledBack.outgoing()).isEmpty();
    }

    /** A step service of the previous release (no {@code command}, during a rolling upgrade): any release counts, as before. */
    @Test
    void aReleaseWithoutCommandIsReadAsBefore() {
        SagaState s = engine.submit(null, v1, "s1", T0).state();
        s = engine.onStep(s, failed(Step.WORKLOADS, 1, "s1", "frontend: ImagePullBackOff"), T0).state();
        s = engine.delete(s, T0).state();

        Decision last = null;
        for (Step step : Step.values()) {
            last = engine.onStep(s, releasedOf(step, 1, "s1", null), T0);
            s = last.state();
        }
        assertThat(s.phase()).isEqualTo(Phase.DELETED);
        assertThat(types(last)).containsExactly(EventType.ENVIRONMENT_DELETED);
    }
}
