package io.envsaga.storage;

import io.envsaga.kubernetes.ReadinessRule;
import io.envsaga.kubernetes.ReadinessRules;
import java.util.Set;

/**
 * When the MinIO operator says a Tenant is up, after minio/operator's
 * pkg/controller/main-controller.go: {@code status.currentState} goes through "Provisioning
 * ..." and "Waiting for Tenant to be healthy" to {@code "Initialized"}, written only once
 * {@code status.healthStatus} is {@code "green"} (all drives online, pkg/controller/monitoring.go)
 * and the users and buckets are provisioned; health is re-read afterwards and may turn
 * {@code yellow} or {@code red}. The failed states are the operator's own words for what it will
 * not get past without a change (main-controller.go's Status* constants); any other state, an
 * error's text included, is one the operator retries. The operator writes no observedGeneration.
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
                ReadinessRules.statusField("healthStatus", GREEN, Set.of()));
    }
}
