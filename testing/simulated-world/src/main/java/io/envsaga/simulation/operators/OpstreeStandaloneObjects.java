package io.envsaga.simulation.operators;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the Opstree operator and the StatefulSet controller make for a standalone {@code Redis}
 * (internal/k8sutils/redis-standalone.go, statefulset.go, labels.go of OT-CONTAINER-KIT/redis-operator):
 * a one-replica StatefulSet named after it, owned by it, labelled {@code app, redis_setup_type,
 * role} plus the Redis' own labels, its pod template annotated with the Redis' annotations;
 * Services {@code <name>}, {@code <name>-headless}, {@code <name>-additional} on 6379; and the pod
 * {@code <name>-0} whose one container is named after the StatefulSet.
 */
final class OpstreeStandaloneObjects {

    static final int PORT = 6379;

    private OpstreeStandaloneObjects() {
    }

    static Map<String, String> labels(GenericKubernetesResource redis) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app", redis.getMetadata().getName());
        labels.put("redis_setup_type", "standalone");
        labels.put("role", "standalone");
        if (redis.getMetadata().getLabels() != null) {
            labels.putAll(redis.getMetadata().getLabels());
        }
        return labels;
    }

    static Map<String, String> annotations(GenericKubernetesResource redis) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("redis.opstreelabs.in", "true");
        annotations.put("redis.opstreelabs.instance", redis.getMetadata().getName());
        if (redis.getMetadata().getAnnotations() != null) {
            annotations.putAll(redis.getMetadata().getAnnotations());
        }
        return annotations;
    }

    static OwnerReference ownedBy(GenericKubernetesResource owner) {
        return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).withController(true).build();
    }

    static StatefulSet statefulSet(GenericKubernetesResource redis, String image, int readyReplicas) {
        String name = redis.getMetadata().getName();
        Map<String, String> selector = new LinkedHashMap<>(labels(redis));
        selector.keySet().retainAll(List.of("app", "redis_setup_type", "role"));
        return new StatefulSetBuilder().withNewMetadata().withName(name).withLabels(labels(redis)).withAnnotations(annotations(redis))
                .withOwnerReferences(ownedBy(redis)).endMetadata()
                .withNewSpec().withReplicas(1).withServiceName(name + "-headless").withNewSelector().withMatchLabels(selector).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels(redis)).withAnnotations(annotations(redis)).endMetadata()
                .withNewSpec().addNewContainer().withName(name).withImage(image).addNewPort().withName("redis-client")
                .withContainerPort(PORT).endPort().endContainer().endSpec().endTemplate().endSpec()
                .withNewStatus().withReplicas(1).withReadyReplicas(readyReplicas).withCurrentReplicas(1).withUpdatedReplicas(1)
                .withAvailableReplicas(readyReplicas).withObservedGeneration(1L).endStatus().build();
    }

    static List<Service> services(GenericKubernetesResource redis) {
        String name = redis.getMetadata().getName();
        return List.of(service(redis, name + "-headless", true), service(redis, name, false), service(redis, name + "-additional", false));
    }

    private static Service service(GenericKubernetesResource redis, String name, boolean headless) {
        Map<String, String> selector = new LinkedHashMap<>(labels(redis));
        selector.keySet().retainAll(List.of("app", "redis_setup_type", "role"));
        ServiceBuilder builder = new ServiceBuilder().withNewMetadata().withName(name).withLabels(labels(redis))
                .withOwnerReferences(ownedBy(redis)).endMetadata()
                .withNewSpec().withType("ClusterIP").withSelector(selector)
                .addNewPort().withName("redis-client").withPort(PORT).withNewTargetPort(PORT).withProtocol("TCP").endPort().endSpec();
        if (headless) {
            builder.editSpec().withClusterIP("None").endSpec();
        }
        return builder.build();
    }

    /** The pod {@code <name>-0} with the given container status; Ready when the container is. */
    static Pod pod(GenericKubernetesResource redis, String image, String phase, ContainerStatus status) {
        String name = redis.getMetadata().getName();
        boolean ready = Boolean.TRUE.equals(status.getReady());
        return new PodBuilder().withNewMetadata().withName(name + "-0").withLabels(labels(redis)).withAnnotations(annotations(redis))
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("StatefulSet").withName(name)
                        .withUid(redis.getMetadata().getUid() + "-sts").withController(true).build()).endMetadata()
                .withNewSpec().addNewContainer().withName(name).withImage(image).endContainer().endSpec()
                .withNewStatus().withPhase(phase)
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .addNewCondition().withType("ContainersReady").withStatus(ready ? "True" : "False").endCondition()
                .withContainerStatuses(status).endStatus().build();
    }

    static ContainerStatusBuilder container(GenericKubernetesResource redis, String image, int restarts) {
        return new ContainerStatusBuilder().withName(redis.getMetadata().getName()).withImage(image).withRestartCount(restarts);
    }
}
