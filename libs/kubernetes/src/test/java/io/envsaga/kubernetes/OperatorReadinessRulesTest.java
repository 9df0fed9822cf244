package io.envsaga.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The operator rules on statuses as each operator writes them (the rule's javadoc names the source it follows). */
class OperatorReadinessRulesTest {

    private static final ClusterView NO_PODS = selector -> List.of();

    @Test
    void conditionWithReasonIsReadyOnTrueAndFailsWithTheMessageOfAFailureReason() {
        ReadinessRule rule = ReadinessRules.conditionWithReason("Ready", "FailedCreateOrUpdate");

        assertThat(rule.check(null, "judge", NO_PODS)).isEqualTo(Readiness.waiting("judge not created yet"));
        assertThat(rule.check(resource(1, null), "judge", NO_PODS)).isEqualTo(Readiness.waiting("judge not Ready yet"));
        assertThat(rule.check(resource(1, 1L, condition("Ready", "True", "SuccessfulCreateOrUpdate", "")), "judge", NO_PODS))
                .isEqualTo(Readiness.ready("judge Ready"));
        assertThat(rule.check(resource(1, 1L, condition("Ready", "False", "FailedCreateOrUpdate", "boom")), "judge", NO_PODS))
                .isEqualTo(Readiness.failed("judge: FailedCreateOrUpdate: boom"));
        assertThat(rule.check(resource(1, 1L, condition("Ready", "Unknown", "Pending", "")), "judge", NO_PODS))
                .as("an unknown reason is not a failure").isEqualTo(Readiness.waiting("judge not Ready: Pending"));
    }

    @Test
    void observedGenerationCaughtUpWaitsForTheLatestSpecAndFailsOnDecidesWithoutIt() {
        ReadinessRule caughtUp = ReadinessRules.observedGenerationCaughtUp(ReadinessRules.condition("Ready"));
        ReadinessRule failsFirst = ReadinessRules.allOf(ReadinessRules.failsOn("Ready", "FailedCreateOrUpdate"), caughtUp);
        GenericKubernetesResource stale = resource(2, 1L, condition("Ready", "True", "SuccessfulCreateOrUpdate", ""));
        GenericKubernetesResource failedUpdate = resource(2, 1L, condition("Ready", "False", "FailedCreateOrUpdate", "refused"));

        assertThat(caughtUp.check(stale, "judge", NO_PODS)).isEqualTo(Readiness.waiting("judge: the operator has not seen generation 2 yet"));
        assertThat(failsFirst.check(stale, "judge", NO_PODS)).isEqualTo(Readiness.waiting("judge: the operator has not seen generation 2 yet"));
        assertThat(failsFirst.check(failedUpdate, "judge", NO_PODS)).isEqualTo(Readiness.failed("judge: FailedCreateOrUpdate: refused"));
        assertThat(ReadinessRules.failsOn("Ready", "FailedCreateOrUpdate").check(stale, "judge", NO_PODS).isReady()).isTrue();
        assertThat(failsFirst.check(resource(2, 2L, condition("Ready", "True", "SuccessfulCreateOrUpdate", "")), "judge", NO_PODS).isReady())
                .isTrue();
    }

    /**
     * minio/operator writes {@code currentState} and {@code healthMessage}; a standalone Opstree
     * Redis has no status at all (redis_types.go:60, {@code RedisStatus struct{}}), so no rule reads
     * one (cache-service's RedisReadiness reads the operator's pod).
     */
    @Test
    void aStatusFieldRuleReadsMinioCurrentStateWithTheOperatorsHealthMessage() {
        ReadinessRule minio = ReadinessRules.statusField("currentState", "Initialized", Set.of("Tenant credentials are not set properly"));

        assertThat(minio.check(withStatus(Map.of()), "s3", NO_PODS)).isEqualTo(Readiness.waiting("s3 currentState not reported yet"));
        assertThat(minio.check(withStatus(Map.of("currentState", "Waiting for Tenant to be healthy", "healthMessage", "0/4 up")), "s3", NO_PODS))
                .isEqualTo(Readiness.waiting("s3 currentState Waiting for Tenant to be healthy: 0/4 up"));
        assertThat(minio.check(withStatus(Map.of("currentState", "Tenant credentials are not set properly")), "s3", NO_PODS))
                .isEqualTo(Readiness.failed("s3: currentState Tenant credentials are not set properly"));
        assertThat(minio.check(withStatus(Map.of("currentState", "Initialized")), "s3", NO_PODS).isReady()).isTrue();
    }

    @Test
    void aStatusFieldMayBeNested() {
        ReadinessRule rule = ReadinessRules.statusField("health.status", "green", Set.of("red"));

        assertThat(rule.check(withStatus(Map.of("health", Map.of("status", "red"))), "x", NO_PODS).isFailed()).isTrue();
        assertThat(rule.check(withStatus(Map.of("health", Map.of("status", "green"))), "x", NO_PODS).isReady()).isTrue();
    }

    @SafeVarargs
    static GenericKubernetesResource resource(long generation, Long observed, Map<String, Object>... conditions) {
        Map<String, Object> status = new LinkedHashMap<>();
        if (observed != null) {
            status.put("observedGeneration", observed);
        }
        if (conditions.length > 0) {
            status.put("conditions", new ArrayList<>(List.of(conditions)));
        }
        GenericKubernetesResource resource = withStatus(status);
        resource.getMetadata().setGeneration(generation);
        return resource;
    }

    private static GenericKubernetesResource withStatus(Map<String, Object> status) {
        return new GenericKubernetesResourceBuilder().withApiVersion("rabbitmq.com/v1beta1").withKind("Queue").withNewMetadata().withName("x")
                .endMetadata().withAdditionalProperties(Map.of("status", status)).build();
    }

    private static Map<String, Object> condition(String type, String status, String reason, String message) {
        return Map.of("type", type, "status", status, "reason", reason, "message", message);
    }
}
