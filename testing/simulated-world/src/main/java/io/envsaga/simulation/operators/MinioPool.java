package io.envsaga.simulation.operators;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pool StatefulSet of a simulated Tenant, as minio/operator keeps it, and its pod, as the
 * StatefulSet controller and the kubelet replace it (see {@link SimulatedMinioOperator} for the
 * sources this follows).
 */
final class MinioPool {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private MinioPool() {
    }

    /**
     * Creates the pool's StatefulSet, or replaces its pod template when the Tenant's pool no
     * longer matches it; in both cases the status says the new revision is not rolled out yet (on
     * an update the old pod still serves, ready). Returns the StatefulSet's name.
     */
    @SuppressWarnings("unchecked")
    static String ensure(KubernetesClient client, GenericKubernetesResource tenant, Map<String, Object> spec, Map<String, Object> pool) {
        String namespace = tenant.getMetadata().getNamespace();
        String name = tenant.getMetadata().getName() + "-" + pool.get("name");
        PodTemplateSpec template = template(tenant, spec, pool);
        StatefulSet existing = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
        if (existing == null) {
            Map<String, String> selector = Map.of(SimulatedMinioOperator.TENANT_LABEL, tenant.getMetadata().getName(),
                    SimulatedMinioOperator.POOL_LABEL, String.valueOf(pool.get("name")));
            StatefulSet created = client.apps().statefulSets().inNamespace(namespace).resource(new StatefulSetBuilder()
                    .withNewMetadata().withName(name).withNamespace(namespace).withLabels(selector)
                    .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(tenant.getApiVersion()).withKind(tenant.getKind())
                            .withName(tenant.getMetadata().getName()).withUid(tenant.getMetadata().getUid()).withController(true).build())
                    .endMetadata()
                    .withNewSpec().withServiceName(tenant.getMetadata().getName() + "-hl").withReplicas(((Number) pool.get("servers")).intValue())
                    .withNewSelector().withMatchLabels(selector).endSelector().withTemplate(template)
                    .withNewUpdateStrategy().withType("RollingUpdate").endUpdateStrategy().endSpec()
                    .build()).create();
            writeStatus(client, created, null);
        } else if (!JSON.convertValue(existing.getSpec().getTemplate(), Map.class).equals(JSON.convertValue(template, Map.class))) {
            existing.getSpec().setTemplate(template);
            StatefulSet updated = client.apps().statefulSets().inNamespace(namespace).resource(existing).update();
            writeStatus(client, updated, existing.getStatus() == null ? null : existing.getStatus().getCurrentRevision());
        }
        return name;
    }

    /** The status the StatefulSet controller writes when it has seen a new template and replaced no pod yet. */
    private static void writeStatus(KubernetesClient client, StatefulSet set, String currentRevision) {
        Pod pod = client.pods().inNamespace(set.getMetadata().getNamespace()).withName(set.getMetadata().getName() + "-0").get();
        int ready = pod == null ? 0 : 1;
        StatefulSetStatus status = new StatefulSetStatusBuilder().withObservedGeneration(set.getMetadata().getGeneration())
                .withReplicas(ready).withReadyReplicas(ready).withAvailableReplicas(ready).withCurrentReplicas(ready).withUpdatedReplicas(0)
                .withCurrentRevision(currentRevision).withUpdateRevision(revision(set)).build();
        client.apps().statefulSets().inNamespace(set.getMetadata().getNamespace()).withName(set.getMetadata().getName())
                .editStatus(s -> {
                    s.setStatus(status);
                    return s;
                });
    }

    /** Replaces the pod of an older revision (or starts the first), then writes the completed rolling update. */
    static synchronized void replacePods(KubernetesClient client, String namespace, String name) {
        StatefulSet set = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
        if (set == null || set.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        String revision = revision(set);
        String podName = name + "-0";
        Pod pod = client.pods().inNamespace(namespace).withName(podName).get();
        if (pod != null && revision.equals(pod.getMetadata().getLabels().get("controller-revision-hash"))
                && set.getStatus() != null && revision.equals(set.getStatus().getCurrentRevision())) {
            return;
        }
        if (pod != null) {
            client.pods().inNamespace(namespace).withName(podName).delete();
        }
        Map<String, String> labels = new LinkedHashMap<>(set.getSpec().getTemplate().getMetadata().getLabels());
        labels.put("controller-revision-hash", revision);
        labels.put("statefulset.kubernetes.io/pod-name", podName);
        client.pods().inNamespace(namespace).resource(new PodBuilder()
                .withNewMetadata().withName(podName).withNamespace(namespace).withLabels(labels)
                .withAnnotations(set.getSpec().getTemplate().getMetadata().getAnnotations())
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("StatefulSet").withName(name)
                        .withUid(set.getMetadata().getUid()).withController(true).build())
                .endMetadata()
                .withSpec(set.getSpec().getTemplate().getSpec())
                .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
                .build()).create();
        StatefulSetStatus done = new StatefulSetStatusBuilder().withObservedGeneration(set.getMetadata().getGeneration())
                .withReplicas(1).withReadyReplicas(1).withAvailableReplicas(1).withCurrentReplicas(1).withUpdatedReplicas(1)
                .withCurrentRevision(revision).withUpdateRevision(revision).build();
        client.apps().statefulSets().inNamespace(namespace).withName(name).editStatus(s -> {
            s.setStatus(done);
            return s;
        });
    }

    /** What the garbage collector deletes once the Tenant is gone. */
    static void delete(KubernetesClient client, String namespace, String name) {
        client.pods().inNamespace(namespace).withName(name + "-0").delete();
        client.apps().statefulSets().inNamespace(namespace).withName(name).delete();
    }

    /** {@code <set>-<digest of the template>}, as the controller names a ControllerRevision (pkg/controller/history). */
    private static String revision(StatefulSet set) {
        return set.getMetadata().getName() + "-" + Integer.toHexString(JSON.asJson(set.getSpec().getTemplate()).hashCode());
    }

    /** The pod template the operator builds for a pool: labels, the pool's annotations and the revision, one container {@code minio}. */
    @SuppressWarnings("unchecked")
    private static PodTemplateSpec template(GenericKubernetesResource tenant, Map<String, Object> spec, Map<String, Object> pool) {
        Map<String, String> labels = new LinkedHashMap<>((Map<String, String>) pool.getOrDefault("labels", Map.of()));
        labels.put(SimulatedMinioOperator.TENANT_LABEL, tenant.getMetadata().getName());
        labels.put(SimulatedMinioOperator.POOL_LABEL, String.valueOf(pool.get("name")));
        Map<String, String> annotations = new LinkedHashMap<>((Map<String, String>) pool.getOrDefault("annotations", Map.of()));
        annotations.put("min.io/revision", "0");
        return new PodTemplateSpecBuilder().withNewMetadata().withLabels(labels).withAnnotations(annotations).endMetadata()
                .withNewSpec().withContainers(new ContainerBuilder().withName("minio")
                        .withImage(String.valueOf(spec.getOrDefault("image", SimulatedMinioOperator.DEFAULT_IMAGE)))
                        .withResources(JSON.convertValue(pool.getOrDefault("resources", Map.of()), ResourceRequirements.class)).build())
                .endSpec().build();
    }
}
