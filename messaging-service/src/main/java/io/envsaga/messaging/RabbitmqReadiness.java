package io.envsaga.messaging;

import io.envsaga.kubernetes.ReadinessRule;
import io.envsaga.kubernetes.ReadinessRules;

/**
 * When the RabbitMQ operators' objects are ready, read as the operators write their status
 * (built from the library's generic rules; docs/kubernetes-library.md lists the tests beside each
 * rule).
 */
public final class RabbitmqReadiness {

    /**
     * Every reason rabbitmq/cluster-operator writes with {@code ReconcileSuccess=False}:
     * {@code internal/controller/rabbitmqcluster_controller.go} lines 247 ({@code FailedReconcilePVC}),
     * 263 ({@code InvalidConfiguration}), 266 ({@code Error}), 292 ({@code FailedVersionAnnotation}),
     * 301 ({@code FailedCLICommand}); {@code reconcile_scale_down.go} line 25-30
     * ({@code UnsupportedOperation}); {@code reconcile_scale_zero.go} line 48
     * ({@code TransformErrorOperation}); {@code reconcile_tls.go} lines 24 and 30 ({@code TLSError}).
     */
    static final String[] RECONCILE_FAILURES = {"Error", "UnsupportedOperation", "TransformErrorOperation", "InvalidConfiguration",
            "FailedReconcilePVC", "FailedVersionAnnotation", "FailedCLICommand", "TLSError"};

    private RabbitmqReadiness() {
    }

    /**
     * A RabbitmqCluster: failed at once on {@code ReconcileSuccess=False} with any of
     * {@link #RECONCILE_FAILURES} (the operator's reason and message), whatever
     * {@code observedGeneration} says: it moves only with {@code ReconcileSuccess=True}
     * ({@code rabbitmqcluster_controller.go} {@code setReconcileSuccess}, lines 416-421), so a
     * refused change never catches up. Otherwise waiting until the operator has seen the spec,
     * then until {@code AllReplicasReady} and {@code ClusterAvailable} are {@code True} and its
     * StatefulSet {@code <name>-server} has rolled out: the operator computes its conditions from
     * the StatefulSet as it is at the start of a reconcile (line 139, {@code updateStatusConditions},
     * before the StatefulSet is updated at lines 252-270; {@code internal/status/all_replicas_ready.go}
     * compares only ready replicas with the spec's), so after an update they say ready while the
     * rolling restart has not begun.
     */
    public static ReadinessRule cluster() {
        return ReadinessRules.allOf(
                ReadinessRules.failsOn("ReconcileSuccess", RECONCILE_FAILURES),
                ReadinessRules.observedGenerationCaughtUp(ReadinessRules.allOf(
                        ReadinessRules.condition("AllReplicasReady"), ReadinessRules.condition("ClusterAvailable"),
                        ReadinessRules.statefulSetRolledOut(RabbitmqReadiness::statefulSet))));
    }

    /** The cluster operator's StatefulSet of cluster {@code cluster} ({@code RabbitmqCluster.ChildResourceName("server")}). */
    public static String statefulSet(String cluster) {
        return cluster + "-server";
    }

    /**
     * A topology operator object (Vhost, Exchange, Queue, Binding, User, Permission): failed at
     * once on {@code Ready=False} reason {@code FailedCreateOrUpdate} with the broker's message,
     * although {@code observedGeneration} stays at the last generation that succeeded
     * (rabbitmq/messaging-topology-operator {@code internal/controller/topology_controller.go}
     * lines 108-116 and 122-123); otherwise waiting until the operator has seen the spec, then
     * ready on {@code Ready=True}. A failure written for an earlier spec reads the same until the
     * operator reconciles the new one: the library's {@code operator-retry-grace} (topology is
     * never the first group) covers that moment.
     */
    public static ReadinessRule topology() {
        return ReadinessRules.allOf(
                ReadinessRules.failsOn("Ready", "FailedCreateOrUpdate"),
                ReadinessRules.observedGenerationCaughtUp(ReadinessRules.conditionWithReason("Ready", "FailedCreateOrUpdate")));
    }
}
