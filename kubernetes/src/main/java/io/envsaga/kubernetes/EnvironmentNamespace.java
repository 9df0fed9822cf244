package io.envsaga.kubernetes;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;

/**
 * The environment's namespace before a step applies anything in it: created if absent (one
 * request, a conflict meaning it is there already). One that is not envsaga's is left as it is;
 * on envsaga's own, a step that decides the Pod Security level (the workloads step) sets it, so
 * that a namespace is privileged only while a granted privileged workload runs in it.
 */
final class EnvironmentNamespace {

    private final KubernetesClient client;

    EnvironmentNamespace(KubernetesClient client) {
        this.client = client;
    }

    void ensure(Target target) {
        try {
            client.namespaces().resource(Stamping.namespace(target)).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            if (target.podSecurity() != null) {
                keepPodSecurity(target);
            }
        }
    }

    private void keepPodSecurity(Target target) {
        Namespace existing = client.namespaces().withName(target.namespace()).get();
        Map<String, String> labels = existing == null ? null : existing.getMetadata().getLabels();
        if (labels == null || !Labels.MANAGER.equals(labels.get(Labels.MANAGED_BY))
                || !target.environment().equals(labels.get(Labels.ENVIRONMENT))
                || target.podSecurity().equals(labels.get(Labels.POD_SECURITY_ENFORCE))) {
            return;
        }
        client.namespaces().withName(target.namespace())
                .edit(ns -> new NamespaceBuilder(ns).editMetadata().addToLabels(Labels.POD_SECURITY_ENFORCE, target.podSecurity()).endMetadata().build());
    }
}
