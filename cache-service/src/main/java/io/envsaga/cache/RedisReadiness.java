package io.envsaga.cache;

import io.envsaga.kubernetes.ClusterView;
import io.envsaga.kubernetes.PodFailures;
import io.envsaga.kubernetes.Readiness;
import io.envsaga.kubernetes.ReadinessRule;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * When the Opstree operator has a standalone Redis running. The operator writes no status for a
 * {@code Redis}: {@code RedisStatus} is an empty struct (api/redis/v1beta2/redis_types.go) and
 * its reconciler (internal/controller/redis/redis_controller.go) only creates the StatefulSet and
 * Services. What it does produce is the pod {@code <name>-0} of its StatefulSet, labelled
 * {@code app=<name>, redis_setup_type=standalone, role=standalone}
 * (internal/k8sutils/labels.go), with the Redis' annotations on its template and a
 * {@code redis-cli ping} readiness probe. So: ready when that pod is Ready and runs the current
 * spec (the config hash annotation and the image); failed when the pod cannot start
 * ({@link PodFailures}: a crash loop, with the last termination's message, an image pull error).
 */
final class RedisReadiness implements ReadinessRule {

    private final PodFailures failures;

    RedisReadiness(PodFailures failures) {
        this.failures = failures;
    }

    /** The labels the operator gives a standalone Redis' StatefulSet pods (its stable selector labels). */
    static Map<String, String> podSelector(String redis) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app", redis);
        labels.put("redis_setup_type", "standalone");
        labels.put("role", "standalone");
        return labels;
    }

    @Override
    public Readiness check(HasMetadata current, String name, ClusterView cluster) {
        if (!(current instanceof GenericKubernetesResource redis)) {
            return Readiness.waiting(name + " not created yet");
        }
        List<Pod> pods = cluster.pods(podSelector(name));
        Optional<String> failure = failures.of(pods);
        if (failure.isPresent()) {
            return Readiness.failed(name + ": " + failure.get());
        }
        String hash = redis.getMetadata().getAnnotations() == null ? null
                : redis.getMetadata().getAnnotations().get(Redises.CONFIG_HASH_ANNOTATION);
        String image = image(redis);
        for (Pod pod : pods) {
            if (!(name + "-0").equals(pod.getMetadata().getName())) {
                continue;
            }
            boolean currentSpec = Objects.equals(hash, annotation(pod, Redises.CONFIG_HASH_ANNOTATION))
                    && pod.getSpec() != null && pod.getSpec().getContainers().stream().map(Container::getImage).anyMatch(image::equals);
            if (!currentSpec) {
                return Readiness.waiting(name + " pod runs an earlier spec");
            }
            boolean ready = pod.getStatus() != null && pod.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
            return ready ? Readiness.ready(name + " pod ready") : Readiness.waiting(name + " pod not ready yet");
        }
        return Readiness.waiting(name + " waiting for the operator's pod");
    }

    @Override
    public boolean needsPods() {
        return true;
    }

    private static String annotation(Pod pod, String key) {
        return pod.getMetadata().getAnnotations() == null ? null : pod.getMetadata().getAnnotations().get(key);
    }

    @SuppressWarnings("unchecked")
    private static String image(GenericKubernetesResource redis) {
        Object spec = redis.getAdditionalProperties().get("spec");
        Object config = spec instanceof Map<?, ?> s ? s.get("kubernetesConfig") : null;
        Object image = config instanceof Map<?, ?> c ? c.get("image") : null;
        return String.valueOf(image);
    }
}
