package io.envsaga.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

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
        return new PodsRule(failures, current -> {
            if (!(current instanceof Deployment deployment)) {
                return null;
            }
            var status = deployment.getStatus();
            String stuck = status == null ? null : status.getConditions().stream()
                    .filter(c -> "Progressing".equals(c.getType()) && "ProgressDeadlineExceeded".equals(c.getReason()))
                    .map(DeploymentCondition::getMessage).findFirst().orElse(null);
            return new Rollout(deployment.getMetadata().getGeneration(), Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1),
                    status == null ? null : status.getObservedGeneration(), status == null ? null : status.getUpdatedReplicas(),
                    status == null ? null : status.getAvailableReplicas(), status == null ? null : status.getReplicas(),
                    deployment.getSpec().getSelector().getMatchLabels(), deployment.getSpec().getTemplate(), stuck);
        });
    }

    /** A StatefulSet's rollout is complete (as {@link #rollout} for Deployments, with ready replicas). */
    public static ReadinessRule statefulSetRollout(PodFailures failures) {
        return new PodsRule(failures, current -> {
            if (!(current instanceof StatefulSet set)) {
                return null;
            }
            var status = set.getStatus();
            return new Rollout(set.getMetadata().getGeneration(), Optional.ofNullable(set.getSpec().getReplicas()).orElse(1),
                    status == null ? null : status.getObservedGeneration(), status == null ? null : status.getUpdatedReplicas(),
                    status == null ? null : status.getReadyReplicas(), status == null ? null : status.getReplicas(),
                    set.getSpec().getSelector().getMatchLabels(), set.getSpec().getTemplate(), null);
        });
    }

    /**
     * A custom resource is ready when its status has the condition {@code type} with status
     * {@code True}; it fails when one of {@code failureTypes} is {@code True} (e.g. an operator's
     * "ReconcileError"), with the condition's message.
     */
    public static ReadinessRule condition(String type, String... failureTypes) {
        Set<String> failing = Set.of(failureTypes);
        return (current, name, cluster) -> {
            if (current == null) {
                return Readiness.waiting(name + " not created yet");
            }
            List<Map<String, Object>> conditions = conditions(current);
            for (Map<String, Object> condition : conditions) {
                if (failing.contains(String.valueOf(condition.get("type"))) && "True".equals(condition.get("status"))) {
                    return Readiness.failed(name + ": " + condition.get("type") + ": " + PodFailures.shorten(String.valueOf(condition.get("message"))));
                }
            }
            for (Map<String, Object> condition : conditions) {
                if (type.equals(condition.get("type"))) {
                    if ("True".equals(condition.get("status"))) {
                        return Readiness.ready(name + " " + type);
                    }
                    Object why = condition.get("message") != null ? condition.get("message") : condition.get("reason");
                    return Readiness.waiting(name + " not " + type + (why == null ? "" : ": " + PodFailures.shorten(String.valueOf(why))));
                }
            }
            return Readiness.waiting(name + " not " + type + " yet");
        };
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> conditions(HasMetadata resource) {
        if (resource instanceof GenericKubernetesResource generic && generic.getAdditionalProperties().get("status") instanceof Map<?, ?> status
                && status.get("conditions") instanceof List<?> list) {
            return (List<Map<String, Object>>) list;
        }
        return List.of();
    }

    /** What a rollout rule reads of a Deployment or StatefulSet; {@code stuck}: why it stopped progressing, if it did. */
    private record Rollout(Long generation, int replicas, Long observedGeneration, Integer updated, Integer available, Integer total,
                           Map<String, String> selector, PodTemplateSpec template, String stuck) {
    }

    /** The pods of the current template: those running the template's images (old pods may fail while they go). */
    private static List<Pod> currentPods(List<Pod> pods, PodTemplateSpec template) {
        Set<String> images = template.getSpec().getContainers().stream().map(Container::getImage).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        return pods.stream().filter(pod -> pod.getSpec() == null
                || pod.getSpec().getContainers().stream().map(Container::getImage).allMatch(images::contains)).toList();
    }

    /** A rollout rule: ready when the controller caught up and every replica is updated and available; reads pods to fail fast. */
    private static final class PodsRule implements ReadinessRule {
        private final PodFailures failures;
        private final java.util.function.Function<HasMetadata, Rollout> view;

        PodsRule(PodFailures failures, java.util.function.Function<HasMetadata, Rollout> view) {
            this.failures = failures;
            this.view = view;
        }

        @Override
        public Readiness check(HasMetadata current, String name, ClusterView cluster) {
            Rollout r = view.apply(current);
            if (r == null) {
                return Readiness.waiting(name + " not created yet");
            }
            if (r.stuck() != null) {
                return Readiness.failed(name + ": ProgressDeadlineExceeded: " + PodFailures.shorten(r.stuck()));
            }
            int updated = Optional.ofNullable(r.updated()).orElse(0);
            int available = Optional.ofNullable(r.available()).orElse(0);
            int total = Optional.ofNullable(r.total()).orElse(0);
            boolean observed = r.observedGeneration() != null && r.generation() != null && r.observedGeneration() >= r.generation();
            if (observed && updated == r.replicas() && available == r.replicas() && total == r.replicas()) {
                return Readiness.ready(name + " " + available + "/" + r.replicas() + " available");
            }
            Optional<String> failure = failures.of(currentPods(cluster.pods(r.selector()), r.template()));
            if (failure.isPresent()) {
                return Readiness.failed(name + ": " + failure.get());
            }
            return Readiness.waiting(name + " " + (observed ? available : 0) + "/" + r.replicas() + " available");
        }

        @Override
        public boolean needsPods() {
            return true;
        }
    }
}
