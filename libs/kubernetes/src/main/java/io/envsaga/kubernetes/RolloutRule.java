package io.envsaga.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** A rollout rule: ready when the controller caught up and every replica is updated and available; reads pods to fail fast. */
final class RolloutRule implements ReadinessRule {

    /** What a rollout rule reads of a Deployment or StatefulSet; {@code stuck}: why it stopped progressing, if it did. */
    record Rollout(Long generation, int replicas, Long observedGeneration, Integer updated, Integer available, Integer total,
                   Map<String, String> selector, PodTemplateSpec template, String stuck) {
    }

    /** The pods of the current template: those running the template's images (old pods may fail while they go). */
    private static List<Pod> currentPods(List<Pod> pods, PodTemplateSpec template) {
        Set<String> images = template.getSpec().getContainers().stream().map(Container::getImage).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        return pods.stream().filter(pod -> pod.getSpec() == null
                || pod.getSpec().getContainers().stream().map(Container::getImage).allMatch(images::contains)).toList();
    }

    private final PodFailures failures;
    private final Function<HasMetadata, Rollout> view;

    RolloutRule(PodFailures failures, Function<HasMetadata, Rollout> view) {
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
