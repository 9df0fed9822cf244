package io.envsaga.orchestrator.saga;

import static io.envsaga.orchestrator.saga.SagaInputs.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.events.Step;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/**
 * The in-flight gauge counts unsettled sagas and forgets deleted environments (one preview per
 * pull request); a failure counts by its class, never by its text; the durations have buckets of minutes.
 */
class SagaMetricsTest {

    @Test
    void aDeletedEnvironmentIsForgotten() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SagaMetrics metrics = new SagaMetrics(registry);
        SagaEngine engine = SagaInputs.engine();

        Decision submitted = engine.submit(null, SagaInputs.spec("ghcr.io/envsaga/app:1"), "s1", T0);
        metrics.record(null, submitted.state(), submitted.outgoing(), T0);
        assertThat(registry.get("envsaga.sagas.in.flight").gauge().value()).isEqualTo(1);

        SagaState ready = SagaInputs.readyOn(engine, SagaInputs.spec("ghcr.io/envsaga/app:1"), "s1");
        Decision deleting = engine.delete(ready, T0);
        metrics.record(ready, deleting.state(), deleting.outgoing(), T0);
        SagaState state = deleting.state();
        for (Step step : Step.values()) {
            Decision released = engine.onStep(state, SagaInputs.released(step, 1, "s1"), T0);
            metrics.record(state, released.state(), released.outgoing(), T0);
            state = released.state();
        }

        assertThat(state.phase()).isEqualTo(Phase.DELETED);
        assertThat(metrics.tracked()).isZero();
        assertThat(registry.get("envsaga.sagas.in.flight").gauge().value()).isZero();
    }

    @Test
    void aFailedStepCountsByStepOutcomeAndClassAndTheDurationsHaveBucketsUpToHalfAnHour() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SagaMetrics metrics = new SagaMetrics(registry);
        SagaEngine engine = SagaInputs.engine();
        Decision submitted = engine.submit(null, SagaInputs.spec("ghcr.io/envsaga/app:nope"), "s1", T0);
        metrics.record(null, submitted.state(), submitted.outgoing(), T0);

        Decision failed = engine.onStep(submitted.state(), SagaInputs.failed(Step.WORKLOADS, 1, "s1",
                "web: ImagePullBackOff for image ghcr.io/envsaga/app:nope: not found"), T0.plusSeconds(95));
        metrics.record(submitted.state(), failed.state(), failed.outgoing(), T0.plusSeconds(95));

        assertThat(registry.get("envsaga.step.failures").tags("step", "workloads", "outcome", "failed", "reason", "image_pull")
                .counter().count()).isEqualTo(1);
        assertThat(registry.find("envsaga.step.failures").counters()).hasSize(1);
        var duration = registry.get("envsaga.step.duration").tags("step", "workloads", "outcome", "failed").timer();
        assertThat(duration.totalTime(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(95);
        assertThat(java.util.Arrays.stream(duration.takeSnapshot().histogramCounts()).map(b -> b.bucket(java.util.concurrent.TimeUnit.SECONDS)))
                .contains(1.0, 60.0, 600.0, 1800.0);
    }
}
