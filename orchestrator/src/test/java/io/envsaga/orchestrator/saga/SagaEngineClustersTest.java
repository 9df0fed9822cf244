package io.envsaga.orchestrator.saga;

import static io.envsaga.orchestrator.saga.SagaInputs.T0;
import static io.envsaga.orchestrator.saga.SagaInputs.failed;
import static io.envsaga.orchestrator.saga.SagaInputs.released;
import static io.envsaga.orchestrator.saga.SagaInputs.spec;
import static io.envsaga.orchestrator.saga.SagaInputs.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.events.Step;
import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.EnvironmentSpec;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Issue 27: the saga commands and awaits the steps of the environment's cluster only. */
class SagaEngineClustersTest {

    static final Set<Step> PRODUCTION = EnumSet.of(Step.DNS, Step.WORKLOADS, Step.MESSAGING, Step.CACHE);

    private final SagaEngine engine = new SagaEngine(new Deadlines(Duration.ofMinutes(10), Map.of()), new Placement() {
        @Override
        public String clusterOf(EnvironmentSpec spec) {
            return spec.cluster() == null ? "stage" : spec.cluster();
        }

        @Override
        public Set<Step> stepsOf(String cluster) {
            return cluster.equals("production") ? PRODUCTION : EnumSet.allOf(Step.class);
        }
    });
    private final Environment onProduction = on("production");

    @Test
    void anEnvironmentOnAClusterWithoutStorageIsReadyWithoutAStorageStep() {
        SagaState s = engine.submit(null, onProduction, "s1", T0).state();
        assertThat(s.steps().keySet()).isEqualTo(PRODUCTION);

        assertThat(engine.onStep(s, succeeded(Step.STORAGE, 1, "s1"), T0).changed()).as("no storage step to answer").isFalse();
        for (Step step : PRODUCTION) {
            s = engine.onStep(s, succeeded(step, 1, "s1"), T0).state();
        }

        assertThat(s.phase()).isEqualTo(Phase.READY);
        assertThat(engine.submit(null, on("stage"), "s2", T0).state().steps()).hasSize(5);
    }

    @Test
    void aRollbackAndADeletionReleaseTheClustersStepsOnly() {
        SagaState s = engine.submit(null, onProduction, "s1", T0).state();
        s = engine.onStep(s, failed(Step.WORKLOADS, 1, "s1", "ImagePullBackOff"), T0).state();
        assertThat(s.phase()).isEqualTo(Phase.ROLLING_BACK);
        assertThat(s.steps().keySet()).isEqualTo(PRODUCTION);
        for (Step step : PRODUCTION) {
            s = engine.onStep(s, released(step, 1, "s1"), T0).state();
        }
        assertThat(s.phase()).isEqualTo(Phase.FAILED);

        SagaState ready = engine.submit(s, onProduction, "s2", T0).state();
        for (Step step : PRODUCTION) {
            ready = engine.onStep(ready, succeeded(step, 2, "s2"), T0).state();
        }
        SagaState deleting = engine.delete(ready, T0).state();
        assertThat(deleting.steps().keySet()).isEqualTo(PRODUCTION);
        for (Step step : PRODUCTION) {
            deleting = engine.onStep(deleting, released(step, 2, "s2"), T0).state();
        }
        assertThat(deleting.phase()).isEqualTo(Phase.DELETED);
    }

    private static Environment on(String cluster) {
        Environment spec = spec("ghcr.io/skkuding/codedang-frontend:v1");
        return new Environment(spec.apiVersion(), spec.kind(), spec.metadata(), spec.spec().onCluster(cluster));
    }
}
