package io.envsaga.kubernetes;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a StatefulSet someone else keeps (an operator's) has rolled its pods out to its current
 * template, read as {@code kubectl rollout status} reads it (kubernetes
 * staging/src/k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go, StatefulSetStatusViewer):
 * the controller has seen the spec ({@code status.observedGeneration}), every replica is ready,
 * and the pods run the update revision ({@code status.updateRevision} equals
 * {@code status.currentRevision}, and {@code status.updatedReplicas} covers every replica). The
 * controller writes {@code currentRevision := updateRevision} only once the last pod of the old
 * revision is replaced (pkg/controller/statefulset/stateful_set_utils.go, completeRollingUpdate).
 */
public final class StatefulSetRollout {

    private StatefulSetRollout() {
    }

    /** Ready, or waiting with what the rollout still lacks ("StatefulSet x: 0/1 pods updated to revision x-6b9f"); never failed. */
    public static Readiness of(StatefulSet set, String what) {
        if (set == null) {
            return Readiness.waiting(what + " not created yet");
        }
        String name = "StatefulSet " + set.getMetadata().getName();
        var status = set.getStatus();
        Long generation = set.getMetadata().getGeneration();
        if (status == null || status.getObservedGeneration() == null || generation != null && status.getObservedGeneration() < generation) {
            return Readiness.waiting(name + ": its controller has not seen generation " + generation + " yet");
        }
        int replicas = Optional.ofNullable(set.getSpec().getReplicas()).orElse(1);
        int ready = Optional.ofNullable(status.getReadyReplicas()).orElse(0);
        int updated = Optional.ofNullable(status.getUpdatedReplicas()).orElse(0);
        if (status.getUpdateRevision() != null && !Objects.equals(status.getUpdateRevision(), status.getCurrentRevision()) || updated < replicas) {
            return Readiness.waiting(name + ": " + updated + "/" + replicas + " pods updated to revision " + status.getUpdateRevision());
        }
        if (ready < replicas) {
            return Readiness.waiting(name + ": " + ready + "/" + replicas + " pods ready");
        }
        return Readiness.ready(name + " " + ready + "/" + replicas + " ready at revision " + status.getUpdateRevision());
    }
}
