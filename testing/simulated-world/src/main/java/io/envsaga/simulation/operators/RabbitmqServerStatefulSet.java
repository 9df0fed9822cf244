package io.envsaga.simulation.operators;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/**
 * A RabbitmqCluster's StatefulSet {@code <cluster>-server}: as the cluster operator writes it
 * (rabbitmq/cluster-operator {@code internal/controller/rabbitmqcluster_controller.go}), and as
 * Kubernetes' StatefulSet controller rolls it out.
 */
final class RabbitmqServerStatefulSet {

    private RabbitmqServerStatefulSet() {
    }

    static String name(String cluster) {
        return cluster + "-server";
    }

    /** The StatefulSet {@code <cluster>-server}, created or updated (lines 252-270); its template is the spec's image and resources. */
    static StatefulSet apply(KubernetesClient client, GenericKubernetesResource obj, Map<String, Object> spec, Map<String, String> objectLabels, int replicas) {
        String ns = obj.getMetadata().getNamespace();
        String name = obj.getMetadata().getName();
        Map<String, String> selector = Map.of("app.kubernetes.io/name", name);
        Map<String, String> labels = new java.util.LinkedHashMap<>(objectLabels);
        labels.putAll(selector);
        labels.put("app.kubernetes.io/component", "rabbitmq");
        labels.put("app.kubernetes.io/part-of", "rabbitmq");
        ResourceRequirementsBuilder resources = new ResourceRequirementsBuilder();
        if (spec.get("resources") instanceof Map<?, ?> r) {
            quantities(r.get("requests")).forEach(resources::addToRequests);
            quantities(r.get("limits")).forEach(resources::addToLimits);
        }
        StatefulSet desired = new StatefulSetBuilder().withNewMetadata().withName(name(name)).withNamespace(ns).withLabels(labels)
                .addNewOwnerReference().withApiVersion("rabbitmq.com/v1beta1").withKind("RabbitmqCluster").withName(name)
                .withUid(obj.getMetadata().getUid()).withController(true).endOwnerReference().endMetadata()
                .withNewSpec().withReplicas(replicas).withServiceName(name + "-nodes").withNewSelector().withMatchLabels(selector).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata().withNewSpec().addNewContainer().withName("rabbitmq")
                .withImage(spec.get("image") instanceof String image ? image : "rabbitmq:4.1.4-management").withResources(resources.build())
                .endContainer().endSpec().endTemplate().endSpec().build();
        StatefulSet existing = client.apps().statefulSets().inNamespace(ns).withName(name(name)).get();
        if (existing == null) {
            return client.apps().statefulSets().inNamespace(ns).resource(desired).create();
        }
        if (existing.getSpec().getReplicas().equals(replicas) && existing.getSpec().getTemplate().equals(desired.getSpec().getTemplate())) {
            return existing;
        }
        existing.getSpec().setReplicas(replicas);
        existing.getSpec().setTemplate(desired.getSpec().getTemplate());
        return client.apps().statefulSets().inNamespace(ns).resource(existing).update();
    }

    /**
     * Kubernetes' StatefulSet controller: records the spec it saw and its template's revision;
     * {@code complete} rolls every replica onto it (all ready); otherwise pods of the previous
     * revision keep running (as many ready as before) and none of the new one is.
     */
    static StatefulSet roll(KubernetesClient client, StatefulSet set, boolean complete) {
        String ns = set.getMetadata().getNamespace();
        StatefulSet current = client.apps().statefulSets().inNamespace(ns).withName(set.getMetadata().getName()).get();
        if (current == null) {
            return null;
        }
        int replicas = current.getSpec().getReplicas() == null ? 1 : current.getSpec().getReplicas();
        String revision = current.getMetadata().getName() + "-" + Integer.toHexString(current.getSpec().getTemplate().hashCode() & 0x7fffffff);
        StatefulSetStatus before = current.getStatus() == null ? new StatefulSetStatus() : current.getStatus();
        StatefulSetStatusBuilder status = new StatefulSetStatusBuilder()
                .withObservedGeneration(current.getMetadata().getGeneration() == null ? 1L : current.getMetadata().getGeneration())
                .withReplicas(replicas).withUpdateRevision(revision);
        if (complete) {
            status.withCurrentRevision(revision).withUpdatedReplicas(replicas).withCurrentReplicas(replicas).withReadyReplicas(replicas)
                    .withAvailableReplicas(replicas);
        } else {
            boolean changed = before.getCurrentRevision() != null && !revision.equals(before.getCurrentRevision());
            int oldReady = before.getReadyReplicas() == null ? 0 : Math.min(before.getReadyReplicas(), replicas);
            status.withCurrentRevision(before.getCurrentRevision() == null ? revision : before.getCurrentRevision())
                    .withUpdatedReplicas(changed ? 0 : Math.min(oldReady, replicas)).withCurrentReplicas(oldReady)
                    .withReadyReplicas(oldReady).withAvailableReplicas(oldReady);
        }
        current.setStatus(status.build());
        return client.apps().statefulSets().inNamespace(ns).resource(current).updateStatus();
    }

    static boolean ready(StatefulSet set) {
        return set != null && set.getStatus() != null && set.getStatus().getReadyReplicas() != null && set.getStatus().getReadyReplicas() > 0;
    }

    private static Map<String, Quantity> quantities(Object value) {
        Map<String, Quantity> map = new java.util.LinkedHashMap<>();
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> map.put(String.valueOf(k), new Quantity(String.valueOf(v))));
        }
        return map;
    }
}
