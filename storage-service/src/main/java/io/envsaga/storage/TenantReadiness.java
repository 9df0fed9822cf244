package io.envsaga.storage;

import io.envsaga.kubernetes.ClusterView;
import io.envsaga.kubernetes.Readiness;
import io.envsaga.kubernetes.ReadinessRule;
import io.envsaga.kubernetes.ReadinessRules;
import io.envsaga.kubernetes.StatefulSetRollout;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * When a Tenant runs its current spec. Two parts, both from minio/operator:
 *
 * <p>The operator's status, after pkg/controller/main-controller.go: {@code status.currentState}
 * goes through "Provisioning ..." and "Waiting for Tenant to be healthy" to {@code "Initialized"},
 * written only once {@code status.healthStatus} is {@code "green"} (all drives online,
 * pkg/controller/monitoring.go) and the users and buckets are provisioned; health is re-read
 * afterwards and may turn {@code yellow} or {@code red}. The failed states are the operator's own
 * words for what it will not get past without a change (main-controller.go's Status* constants);
 * any other state, an error's text included, is one the operator retries.
 *
 * <p>The pool's StatefulSet. The operator writes no observedGeneration (TenantStatus,
 * pkg/apis/minio.min.io/v2/types.go), and on an update it replaces the StatefulSet's pod template
 * (main-controller.go, "if the pool doesn't match the spec", {@code StatefulSets().Update}) and
 * writes {@code Initialized} in the same pass, before a single pod is replaced; health stays
 * green from the last check. So a Tenant is ready only when its pool's StatefulSet
 * ({@code <tenant>-<pool>}, names.go PoolStatefulsetName) carries the Tenant's
 * {@link Minio#POOL_SPEC_ANNOTATION} on its pod template (the operator has built the pool of this
 * spec) and has rolled its pods out to that template ({@link StatefulSetRollout}).
 */
public final class TenantReadiness {

    public static final String INITIALIZED = "Initialized";
    public static final String GREEN = "green";
    static final Set<String> FAILED_STATES = Set.of(
            "Tenant credentials are not set properly",
            "Another MinIO Tenant already exists in the namespace",
            "Statefulset not controlled by operator");

    private TenantReadiness() {
    }

    public static ReadinessRule rule() {
        return ReadinessRules.allOf(ReadinessRules.statusField("currentState", INITIALIZED, FAILED_STATES),
                ReadinessRules.statusField("healthStatus", GREEN, Set.of()), new PoolRollout());
    }

    /** The first pool's StatefulSet runs the Tenant's pool spec, rolled out. */
    private static final class PoolRollout implements ReadinessRule {

        @Override
        @SuppressWarnings("unchecked")
        public Readiness check(HasMetadata current, String name, ClusterView cluster) {
            if (!(current instanceof GenericKubernetesResource tenant)
                    || !(tenant.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec)
                    || !(spec.get("pools") instanceof List<?> pools) || pools.isEmpty()) {
                return Readiness.waiting(name + " not created yet");
            }
            Map<String, Object> pool = (Map<String, Object>) pools.get(0);
            String setName = name + "-" + pool.get("name");
            StatefulSet set = cluster.statefulSet(setName).orElse(null);
            if (set == null) {
                return Readiness.waiting(name + ": waiting for the operator to create StatefulSet " + setName);
            }
            Object wanted = pool.get("annotations") instanceof Map<?, ?> annotations ? annotations.get(Minio.POOL_SPEC_ANNOTATION) : null;
            Map<String, String> template = set.getSpec().getTemplate().getMetadata() == null ? null
                    : set.getSpec().getTemplate().getMetadata().getAnnotations();
            if (wanted != null && (template == null || !wanted.equals(template.get(Minio.POOL_SPEC_ANNOTATION)))) {
                return Readiness.waiting(name + ": waiting for the operator to update StatefulSet " + setName + " to this spec's pool");
            }
            Readiness rollout = StatefulSetRollout.of(set, "StatefulSet " + setName);
            return rollout.isReady() ? rollout : Readiness.waiting(name + ": waiting for the pool's pods: " + rollout.message());
        }

        @Override
        public boolean needsStatefulSets() {
            return true;
        }
    }
}
