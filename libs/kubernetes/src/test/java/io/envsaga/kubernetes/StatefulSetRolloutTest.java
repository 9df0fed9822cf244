package io.envsaga.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import org.junit.jupiter.api.Test;

/** An operator's StatefulSet read as kubectl rollout status reads it (StatefulSetRollout's javadoc names the sources). */
class StatefulSetRolloutTest {

    @Test
    void aRollingUpdateIsCompleteOnlyWhenTheCurrentRevisionIsTheUpdateRevisionAndEveryPodIsReady() {
        assertThat(StatefulSetRollout.of(null, "StatefulSet t-pool-0")).isEqualTo(Readiness.waiting("StatefulSet t-pool-0 not created yet"));
        assertThat(StatefulSetRollout.of(set(2L, 1L, "t-pool-0-a", "t-pool-0-a", 1, 1), "x"))
                .isEqualTo(Readiness.waiting("StatefulSet t-pool-0: its controller has not seen generation 2 yet"));
        assertThat(StatefulSetRollout.of(set(2L, 2L, "t-pool-0-a", "t-pool-0-b", 0, 1), "x"))
                .as("the old pod still serves, ready: not the new template")
                .isEqualTo(Readiness.waiting("StatefulSet t-pool-0: 0/1 pods updated to revision t-pool-0-b"));
        assertThat(StatefulSetRollout.of(set(2L, 2L, "t-pool-0-b", "t-pool-0-b", 1, 0), "x"))
                .isEqualTo(Readiness.waiting("StatefulSet t-pool-0: 0/1 pods ready"));
        assertThat(StatefulSetRollout.of(set(2L, 2L, "t-pool-0-b", "t-pool-0-b", 1, 1), "x"))
                .isEqualTo(Readiness.ready("StatefulSet t-pool-0 1/1 ready at revision t-pool-0-b"));
    }

    private static StatefulSet set(long generation, long observed, String current, String update, int updated, int ready) {
        return new StatefulSetBuilder().withNewMetadata().withName("t-pool-0").withGeneration(generation).endMetadata()
                .withNewSpec().withReplicas(1).endSpec()
                .withNewStatus().withObservedGeneration(observed).withCurrentRevision(current).withUpdateRevision(update)
                .withUpdatedReplicas(updated).withReadyReplicas(ready).withReplicas(1).endStatus().build();
    }
}
