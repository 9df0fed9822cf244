package io.envsaga.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.kubernetes.ClusterView;
import io.envsaga.kubernetes.Readiness;
import io.envsaga.kubernetes.ReadinessRule;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The RabbitMQ operators' statuses as their sources write them (RabbitmqReadiness's javadoc names the lines). */
class RabbitmqReadinessTest {

    private static final ClusterView NO_PODS = selector -> List.of();
    /** The operator's StatefulSet x-server, rolled out. */
    private static final ClusterView ROLLED_OUT = withStatefulSet(statefulSet(3, "r2", "r2", 3, 3));

    @Test
    void topologyObjectsAreReadyOnReadyTrueAndFailWithTheBrokersMessageOnFailedCreateOrUpdate() {
        ReadinessRule rule = RabbitmqReadiness.topology();

        assertThat(rule.check(null, "judge", NO_PODS)).isEqualTo(Readiness.waiting("judge not created yet"));
        assertThat(rule.check(resource(1, null), "judge", NO_PODS)).isEqualTo(Readiness.waiting("judge not Ready yet"));
        assertThat(rule.check(resource(1, 1L, condition("Ready", "True", "SuccessfulCreateOrUpdate", "")), "judge", NO_PODS))
                .isEqualTo(Readiness.ready("judge Ready"));
        assertThat(rule.check(resource(1, null, condition("Ready", "False", "FailedCreateOrUpdate",
                "Error 406 (PRECONDITION_FAILED - inequivalent arg 'x-max-priority' for queue 'q' in vhost 'v')")), "judge", NO_PODS))
                .as("a first create that failed: no observedGeneration at all")
                .isEqualTo(Readiness.failed(
                        "judge: FailedCreateOrUpdate: Error 406 (PRECONDITION_FAILED - inequivalent arg 'x-max-priority' for queue 'q' in vhost 'v')"));
        assertThat(rule.check(resource(1, 1L, condition("Ready", "Unknown", "Pending", "")), "judge", NO_PODS))
                .as("an unknown reason is not a failure").isEqualTo(Readiness.waiting("judge not Ready: Pending"));
    }

    @Test
    void aReadyWrittenForAnEarlierSpecDoesNotCount() {
        ReadinessRule rule = RabbitmqReadiness.topology();

        assertThat(rule.check(resource(2, 1L, condition("Ready", "True", "SuccessfulCreateOrUpdate", "")), "judge", NO_PODS))
                .isEqualTo(Readiness.waiting("judge: the operator has not seen generation 2 yet"));
        assertThat(rule.check(resource(2, 2L, condition("Ready", "True", "SuccessfulCreateOrUpdate", "")), "judge", NO_PODS).isReady()).isTrue();
    }

    /** topology_controller.go lines 108-116, 122-123: a failed update leaves observedGeneration at the generation before. */
    @Test
    void aFailedUpdateLeavesObservedGenerationBehindAndFailsAtOnceWithTheBrokersMessage() {
        GenericKubernetesResource failedUpdate = resource(2, 1L, condition("Ready", "False", "FailedCreateOrUpdate",
                "Error: API responded with a 400 Bad Request: invalid_regexp"));

        assertThat(RabbitmqReadiness.topology().check(failedUpdate, "iris", NO_PODS))
                .isEqualTo(Readiness.failed("iris: FailedCreateOrUpdate: Error: API responded with a 400 Bad Request: invalid_regexp"));
    }

    @Test
    void aRabbitmqClusterIsReadyWhenAllReplicasAreReadyAndTheClusterIsAvailableAndFailsOnAReconcileError() {
        ReadinessRule rule = RabbitmqReadiness.cluster();
        Map<String, Object> replicas = condition("AllReplicasReady", "False", "NotAllPodsReady", "1/3 Pods ready");
        Map<String, Object> available = condition("ClusterAvailable", "True", "AtLeastOneEndpointAvailable", "");
        Map<String, Object> reconciling = condition("ReconcileSuccess", "Unknown", "Initialising", "");

        assertThat(rule.check(resource(1, 1L, replicas, available, reconciling), "mq", NO_PODS))
                .isEqualTo(Readiness.waiting("mq not AllReplicasReady: 1/3 Pods ready"));
        assertThat(rule.check(resource(1, 1L, condition("AllReplicasReady", "True", "", ""), available, reconciling), "mq", ROLLED_OUT).isReady())
                .isTrue();
    }

    /** rabbitmqcluster_controller.go line 139: conditions from the StatefulSet before the update; the rollout is the StatefulSet's. */
    @Test
    void anUpdatedClusterWaitsForItsStatefulSetsRolloutThoughItsConditionsSayReady() {
        GenericKubernetesResource updated = resource(2, 2L, condition("AllReplicasReady", "True", "AllPodsAreReady", ""),
                condition("ClusterAvailable", "True", "AtLeastOneEndpointAvailable", ""), condition("ReconcileSuccess", "True", "Success", ""));
        ReadinessRule rule = RabbitmqReadiness.cluster();

        assertThat(rule.needsStatefulSets()).isTrue();
        assertThat(rule.check(updated, "mq", withStatefulSet(statefulSet(3, "r1", "r2", 0, 3))))
                .isEqualTo(Readiness.waiting("mq: StatefulSet x-server: 0/3 pods updated to revision r2"));
        assertThat(rule.check(updated, "mq", withStatefulSet(statefulSet(3, "r1", "r2", 3, 2))))
                .isEqualTo(Readiness.waiting("mq: StatefulSet x-server: 3/3 pods updated to revision r2"));
        assertThat(rule.check(updated, "mq", NO_PODS)).isEqualTo(Readiness.waiting("mq: StatefulSet x-server not created yet"));
        assertThat(rule.check(updated, "mq", ROLLED_OUT).isReady()).isTrue();
    }

    private static StatefulSet statefulSet(int replicas, String current, String update, int updated, int ready) {
        return new StatefulSetBuilder().withNewMetadata().withName("x-server").withGeneration(2L).endMetadata().withNewSpec().withReplicas(replicas)
                .endSpec().withNewStatus().withObservedGeneration(2L).withReplicas(replicas).withCurrentRevision(current).withUpdateRevision(update)
                .withUpdatedReplicas(updated).withReadyReplicas(ready).endStatus().build();
    }

    private static ClusterView withStatefulSet(StatefulSet set) {
        return new ClusterView() {
            @Override
            public List<io.fabric8.kubernetes.api.model.Pod> pods(Map<String, String> selector) {
                return List.of();
            }

            @Override
            public Optional<StatefulSet> statefulSet(String name) {
                return name.equals(set.getMetadata().getName()) ? Optional.of(set) : Optional.empty();
            }
        };
    }

    /** reconcile_scale_down.go lines 25-30 and setReconcileSuccess (rabbitmqcluster_controller.go 416-421): observedGeneration stays behind. */
    @Test
    void aRefusedScaleDownFailsAtOnceThoughObservedGenerationStaysBehind() {
        Map<String, Object> replicas = condition("AllReplicasReady", "True", "AllPodsAreReady", "");
        Map<String, Object> available = condition("ClusterAvailable", "True", "AtLeastOneEndpointAvailable", "");

        assertThat(RabbitmqReadiness.cluster().check(resource(2, 1L, replicas, available, condition("ReconcileSuccess", "False",
                "UnsupportedOperation", "Cluster Scale down not supported; tried to scale cluster from 3 nodes to 1 nodes")), "mq", NO_PODS))
                .isEqualTo(Readiness.failed("mq: UnsupportedOperation: Cluster Scale down not supported; tried to scale cluster from 3 nodes to 1 nodes"));
    }

    @Test
    void everyReconcileSuccessFalseReasonOfTheOperatorFailsWithItsMessage() {
        Map<String, Object> replicas = condition("AllReplicasReady", "True", "AllPodsAreReady", "");
        for (String reason : List.of("Error", "UnsupportedOperation", "TransformErrorOperation", "InvalidConfiguration", "FailedReconcilePVC",
                "FailedVersionAnnotation", "FailedCLICommand", "TLSError")) {
            assertThat(RabbitmqReadiness.cluster().check(resource(3, 2L, replicas, condition("ReconcileSuccess", "False", reason, "why")),
                    "mq", NO_PODS)).isEqualTo(Readiness.failed("mq: " + reason + ": why"));
        }
    }

    @Test
    void conditionsOfTheSpecBeforeDoNotCount() {
        Map<String, Object> replicas = condition("AllReplicasReady", "True", "AllPodsAreReady", "");
        Map<String, Object> available = condition("ClusterAvailable", "True", "AtLeastOneEndpointAvailable", "");

        assertThat(RabbitmqReadiness.cluster().check(resource(2, 1L, replicas, available, condition("ReconcileSuccess", "True", "Success", "")),
                "mq", NO_PODS)).isEqualTo(Readiness.waiting("mq: the operator has not seen generation 2 yet"));
    }

    /** A topology or cluster object at {@code generation} whose status has {@code observed} (null: none yet) and the conditions. */
    @SafeVarargs
    static GenericKubernetesResource resource(long generation, Long observed, Map<String, Object>... conditions) {
        Map<String, Object> status = new LinkedHashMap<>();
        Optional.ofNullable(observed).ifPresent(o -> status.put("observedGeneration", o));
        Optional.of(List.of(conditions)).filter(c -> !c.isEmpty()).ifPresent(c -> status.put("conditions", c));
        return new GenericKubernetesResourceBuilder().withApiVersion("rabbitmq.com/v1beta1").withKind("RabbitmqCluster")
                .withNewMetadata().withName("x").withGeneration(generation).endMetadata().addToAdditionalProperties("status", status).build();
    }

    static Map<String, Object> condition(String type, String status, String reason, String message) {
        return Map.of("type", type, "status", status, "reason", reason, "message", message);
    }
}
