package io.envsaga.storage;

import io.envsaga.kubernetes.ClusterView;
import io.envsaga.kubernetes.Readiness;
import io.envsaga.kubernetes.ReadinessRule;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Set;

/**
 * When the MinIO operator says a Tenant is up, after minio/operator's
 * pkg/controller/main-controller.go: {@code status.currentState} goes through "Provisioning
 * ..." and "Waiting for Tenant to be healthy" to {@code "Initialized"}, written only once
 * {@code status.healthStatus} is {@code "green"} (all drives online, pkg/controller/monitoring.go)
 * and the users and buckets are provisioned; health is re-read afterwards and may turn
 * {@code yellow} or {@code red}. The states below are the operator's own words for what it will
 * not get past without a change (pkg/controller/main-controller.go's Status* constants); any
 * other state, an error's text included, is one the operator retries.
 */
public final class TenantReadiness implements ReadinessRule {

    public static final String INITIALIZED = "Initialized";
    public static final String GREEN = "green";
    static final Set<String> FAILED_STATES = Set.of(
            "Tenant credentials are not set properly",
            "Another MinIO Tenant already exists in the namespace",
            "Statefulset not controlled by operator");

    @Override
    public Readiness check(HasMetadata current, String name, ClusterView cluster) {
        if (!(current instanceof GenericKubernetesResource tenant) || !(tenant.getAdditionalProperties().get("status") instanceof Map<?, ?> status)) {
            return Readiness.waiting(name + " not initialized yet");
        }
        Object state = status.get("currentState");
        Object health = status.get("healthStatus");
        if (state != null && FAILED_STATES.contains(state.toString())) {
            return Readiness.failed(name + ": " + state);
        }
        if (INITIALIZED.equals(state) && GREEN.equals(health)) {
            return Readiness.ready(name + " initialized, health green");
        }
        String message = status.get("healthMessage") == null ? "" : " (" + status.get("healthMessage") + ")";
        return Readiness.waiting(name + " " + (state == null ? "not initialized yet" : state) + (health == null ? "" : ", health " + health) + message);
    }
}
