package io.envsaga.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The readiness rules step services use. */
public final class ReadinessRules {

    private ReadinessRules() {
    }

    /** Ready once applied (Services, Ingresses, routes): nothing to watch. */
    public static ReadinessRule applied() {
        return new ReadinessRule() {
            @Override
            public Readiness check(HasMetadata current, String name, ClusterView cluster) {
                return Readiness.ready(name + " applied");
            }

            @Override
            public boolean needsWatch() {
                return false;
            }
        };
    }

    /**
     * A Deployment's rollout is complete: the controller has seen the latest spec
     * (observedGeneration caught up), and updated, available and total replicas all equal the
     * spec's. Fails fast with its pods' reasons (see {@link PodFailures}), or when the
     * Deployment's own progress deadline is exceeded.
     */
    public static ReadinessRule rollout(PodFailures failures) {
        return new RolloutRule(failures, current -> {
            if (!(current instanceof Deployment deployment)) {
                return null;
            }
            var status = deployment.getStatus();
            String stuck = status == null ? null : status.getConditions().stream()
                    .filter(c -> "Progressing".equals(c.getType()) && "ProgressDeadlineExceeded".equals(c.getReason()))
                    .map(DeploymentCondition::getMessage).findFirst().orElse(null);
            return new RolloutRule.Rollout(deployment.getMetadata().getGeneration(), Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1),
                    status == null ? null : status.getObservedGeneration(), status == null ? null : status.getUpdatedReplicas(),
                    status == null ? null : status.getAvailableReplicas(), status == null ? null : status.getReplicas(),
                    deployment.getSpec().getSelector().getMatchLabels(), deployment.getSpec().getTemplate(), stuck);
        });
    }

    /** A StatefulSet's rollout is complete (as {@link #rollout} for Deployments, with ready replicas). */
    public static ReadinessRule statefulSetRollout(PodFailures failures) {
        return new RolloutRule(failures, current -> {
            if (!(current instanceof StatefulSet set)) {
                return null;
            }
            var status = set.getStatus();
            return new RolloutRule.Rollout(set.getMetadata().getGeneration(), Optional.ofNullable(set.getSpec().getReplicas()).orElse(1),
                    status == null ? null : status.getObservedGeneration(), status == null ? null : status.getUpdatedReplicas(),
                    status == null ? null : status.getReadyReplicas(), status == null ? null : status.getReplicas(),
                    set.getSpec().getSelector().getMatchLabels(), set.getSpec().getTemplate(), null);
        });
    }

    /**
     * A custom resource is ready when its status has the condition {@code type} with status
     * {@code True}; it fails when one of {@code failureTypes} is {@code True}, with the
     * condition's message. For operators whose failure is a condition of its own (most write the
     * failure as the reason of a {@code False} condition instead: see {@link #conditionWithReason}).
     */
    public static ReadinessRule condition(String type, String... failureTypes) {
        Set<String> failing = Set.of(failureTypes);
        return (current, name, cluster) -> {
            if (current == null) {
                return Readiness.waiting(name + " not created yet");
            }
            for (Map<String, Object> condition : OperatorStatus.conditions(current)) {
                if (failing.contains(String.valueOf(condition.get("type"))) && "True".equals(condition.get("status"))) {
                    return Readiness.failed(name + ": " + condition.get("type") + ": " + PodFailures.shorten(String.valueOf(condition.get("message"))));
                }
            }
            return OperatorStatus.condition(current, type).map(c -> conditionTrue(name, type, c))
                    .orElseGet(() -> Readiness.waiting(name + " not " + type + " yet"));
        };
    }

    /**
     * Ready on {@code type=True}; failed on {@code type=False} with a reason among
     * {@code failureReasons}, the condition's message being the failure; otherwise waiting.
     *
     * <p>Follows rabbitmq/messaging-topology-operator {@code api/v1beta1/conditions.go}: every
     * topology object (Vhost, Exchange, Queue, Binding, User, Permission) has one condition
     * {@code Ready}, {@code True} with reason {@code SuccessfulCreateOrUpdate}, or {@code False}
     * with reason {@code FailedCreateOrUpdate} and the broker's error as message (e.g.
     * "PRECONDITION_FAILED - inequivalent arg 'x-max-priority'..."). And rabbitmq/cluster-operator
     * {@code internal/status/reconcile_success.go}: {@code ReconcileSuccess=False} with reasons
     * {@code Error}, {@code UnsupportedOperation}, {@code TransformErrorOperation}.
     */
    public static ReadinessRule conditionWithReason(String type, String... failureReasons) {
        Set<String> failing = Set.of(failureReasons);
        return (current, name, cluster) -> {
            if (current == null) {
                return Readiness.waiting(name + " not created yet");
            }
            Optional<Map<String, Object>> condition = OperatorStatus.condition(current, type);
            if (condition.isEmpty()) {
                return Readiness.waiting(name + " not " + type + " yet");
            }
            Map<String, Object> c = condition.get();
            if ("False".equals(c.get("status")) && failing.contains(String.valueOf(c.get("reason")))) {
                return Readiness.failed(name + ": " + c.get("reason") + ": " + PodFailures.shorten(String.valueOf(c.get("message"))));
            }
            return conditionTrue(name, type, c);
        };
    }

    private static Readiness conditionTrue(String name, String type, Map<String, Object> condition) {
        if ("True".equals(condition.get("status"))) {
            return Readiness.ready(name + " " + type);
        }
        Object why = condition.get("message") != null && !"".equals(condition.get("message")) ? condition.get("message") : condition.get("reason");
        return Readiness.waiting(name + " not " + type + (why == null ? "" : ": " + PodFailures.shorten(String.valueOf(why))));
    }

    /**
     * Ready when the status field at {@code path} (relative to {@code status}, dotted) equals
     * {@code readyValue}; failed when it is one of {@code failedValues}, with the value and the
     * reason or message the operator writes next to it ({@code status.reason},
     * {@code status.message}, {@code status.healthMessage}).
     *
     * <p>Follows minio/operator {@code pkg/apis/minio.min.io/v2/types.go} ({@code status.currentState},
     * "Initialized" when the tenant is up; {@code status.healthStatus}, {@code status.healthMessage}).
     * Not for a standalone Opstree {@code Redis}: its {@code RedisStatus} is an empty struct
     * (OT-CONTAINER-KIT/redis-operator {@code api/redis/v1beta2/redis_types.go:60}); the
     * {@code state}/{@code reason} pair is the RedisCluster's ({@code api/rediscluster/v1beta2/rediscluster_types.go:133}),
     * which envsaga does not make. cache-service reads the operator's pod instead.
     */
    public static ReadinessRule statusField(String path, String readyValue, Set<String> failedValues) {
        return (current, name, cluster) -> {
            if (current == null) {
                return Readiness.waiting(name + " not created yet");
            }
            Object value = OperatorStatus.field(current, path);
            if (readyValue.equals(value)) {
                return Readiness.ready(name + " " + path + " " + value);
            }
            Map<String, Object> status = OperatorStatus.status(current);
            String explanation = java.util.stream.Stream.of("reason", "message", "healthMessage").map(status::get)
                    .filter(v -> v != null && !"".equals(v)).map(v -> ": " + PodFailures.shorten(String.valueOf(v))).findFirst().orElse("");
            if (value != null && failedValues.contains(String.valueOf(value))) {
                return Readiness.failed(name + ": " + path + " " + value + explanation);
            }
            return Readiness.waiting(name + " " + path + " " + (value == null ? "not reported yet" : value + explanation));
        };
    }

    /**
     * Waiting while the operator has not seen the latest spec ({@code status.observedGeneration}
     * below {@code metadata.generation}: a {@code Ready=True} written for the previous spec says
     * nothing of this one), then {@code inner} decides. Without {@code status.observedGeneration}
     * (an operator that does not write it, or has not written a status yet) {@code inner} decides.
     *
     * <p>Follows rabbitmq/cluster-operator {@code api/v1beta1/rabbitmqcluster_status.go} and
     * rabbitmq/messaging-topology-operator {@code api/v1beta1/queue_types.go} (and its other
     * kinds): {@code observedGeneration} "is the most recent successful generation observed". A
     * failure of the latest spec therefore leaves it behind: put {@link #failsOn} before this rule
     * (messaging-service's {@code RabbitmqReadiness} does).
     */
    public static ReadinessRule observedGenerationCaughtUp(ReadinessRule inner) {
        return new ReadinessRule() {
            @Override
            public Readiness check(HasMetadata current, String name, ClusterView cluster) {
                if (current != null) {
                    Long observed = OperatorStatus.observedGeneration(current);
                    Long generation = current.getMetadata().getGeneration();
                    if (observed != null && generation != null && observed < generation) {
                        return Readiness.waiting(name + ": the operator has not seen generation " + generation + " yet");
                    }
                }
                return inner.check(current, name, cluster);
            }

            @Override
            public boolean needsPods() {
                return inner.needsPods();
            }

            @Override
            public boolean needsStatefulSets() {
                return inner.needsStatefulSets();
            }
        };
    }

    /** Ready when every rule is; failed as soon as one is (its message); else the first waiting message. */
    public static ReadinessRule allOf(ReadinessRule... rules) {
        List<ReadinessRule> all = List.of(rules);
        return new ReadinessRule() {
            @Override
            public Readiness check(HasMetadata current, String name, ClusterView cluster) {
                List<Readiness> results = all.stream().map(r -> r.check(current, name, cluster)).toList();
                return results.stream().filter(Readiness::isFailed).findFirst()
                        .or(() -> results.stream().filter(r -> !r.isReady()).findFirst())
                        .orElse(results.get(results.size() - 1));
            }

            @Override
            public boolean needsPods() {
                return all.stream().anyMatch(ReadinessRule::needsPods);
            }

            @Override
            public boolean needsStatefulSets() {
                return all.stream().anyMatch(ReadinessRule::needsStatefulSets);
            }
        };
    }

    /**
     * The StatefulSet an operator made for the object (its name from the object's, e.g. a
     * RabbitmqCluster's {@code <name>-server}) has rolled out: the StatefulSet controller has seen
     * its spec ({@code status.observedGeneration}), {@code updateRevision} is
     * {@code currentRevision} (Kubernetes {@code pkg/controller/statefulset/stateful_set_utils.go}:
     * the controller sets {@code currentRevision} to {@code updateRevision} once every pod runs
     * it), and updated and ready replicas are the spec's. For operators whose own status says ready
     * before the StatefulSet has changed (their conditions are computed from the StatefulSet as it
     * was at the start of a reconcile). Waiting, with what is missing, otherwise.
     */
    public static ReadinessRule statefulSetRolledOut(java.util.function.UnaryOperator<String> statefulSetName) {
        return new ReadinessRule() {
            @Override
            public Readiness check(HasMetadata current, String name, ClusterView cluster) {
                if (current == null) {
                    return Readiness.waiting(name + " not created yet");
                }
                String setName = statefulSetName.apply(current.getMetadata().getName());
                Readiness rollout = StatefulSetRollout.of(cluster.statefulSet(setName).orElse(null), "StatefulSet " + setName);
                return rollout.isReady() ? Readiness.ready(name + ": " + rollout.message()) : Readiness.waiting(name + ": " + rollout.message());
            }

            @Override
            public boolean needsStatefulSets() {
                return true;
            }
        };
    }

    /**
     * Never waits: failed when condition {@code type} is {@code False} with one of {@code reasons}
     * (its message is the failure), else ready, whatever {@code observedGeneration} says. For
     * operators that write a failure without moving {@code observedGeneration} (it records the last
     * generation that succeeded): combined with {@link #allOf} ahead of
     * {@link #observedGenerationCaughtUp}, the failure is reported at once instead of waiting for a
     * generation the operator will never record.
     */
    public static ReadinessRule failsOn(String type, String... reasons) {
        ReadinessRule rule = conditionWithReason(type, reasons);
        return (current, name, cluster) -> {
            Readiness readiness = rule.check(current, name, cluster);
            return readiness.isFailed() ? readiness : Readiness.ready(name);
        };
    }
}
