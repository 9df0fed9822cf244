package io.envsaga.orchestrator.saga;

import static io.envsaga.orchestrator.saga.SagaInputs.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.events.Step;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The in-flight gauge counts unsettled sagas and forgets deleted environments (one preview per pull request). */
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
}
