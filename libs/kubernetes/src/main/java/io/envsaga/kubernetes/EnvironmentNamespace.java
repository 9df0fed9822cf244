package io.envsaga.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment's namespace before a step applies anything in it: created if absent (one
 * request, a conflict meaning it is there already), with the step as its holder. On envsaga's own
 * namespace of the environment, the step adds itself as a holder (before it writes anything there,
 * so that a release deciding to delete the namespace sees it, or loses its precondition: see
 * {@link NamespaceRelease}) and a step that decides the Pod Security level (the workloads step)
 * sets it, so that a namespace is privileged only while a granted privileged workload runs in it.
 * A namespace that is not envsaga's is used as it is, never relabelled.
 */
final class EnvironmentNamespace {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;

    EnvironmentNamespace(KubernetesClient client) {
        this.client = client;
    }

    void ensure(Target target) {
        try {
            client.namespaces().resource(Stamping.namespace(target)).create();
            return;
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
        Namespace existing = client.namespaces().withName(target.namespace()).get();
        if (existing == null) {
            // deleted between the two requests (its last holder released it): the step's retry makes it again
            throw new IllegalStateException("namespace " + target.namespace() + " was deleted while " + target.step() + " was joining it");
        }
        Map<String, String> labels = existing.getMetadata().getLabels();
        if (!Labels.environmentsNamespace(labels, target.environment())) {
            return;
        }
        if (existing.getMetadata().getDeletionTimestamp() != null) {
            // the API server refuses new objects in a terminating namespace: retried, the step makes it again once it is gone
            throw new IllegalStateException("namespace " + target.namespace() + " is being deleted (its last holder released it); "
                    + target.step() + " makes it again once it is gone");
        }
        Map<String, String> missing = new LinkedHashMap<>();
        if (!"true".equals(labels.get(Labels.holder(target.step())))) {
            missing.put(Labels.holder(target.step()), "true");
        }
        if (target.podSecurity() != null && !target.podSecurity().equals(labels.get(Labels.POD_SECURITY_ENFORCE))) {
            missing.put(Labels.POD_SECURITY_ENFORCE, target.podSecurity());
        }
        if (!missing.isEmpty()) {
            patchLabels(client, target.namespace(), missing);
        }
    }

    /** A JSON merge patch of the namespace's labels (a null value removes one); the namespace as it is afterwards. */
    static Namespace patchLabels(KubernetesClient client, String namespace, Map<String, String> labels) {
        ObjectNode patch = JSON.createObjectNode();
        ObjectNode values = patch.putObject("metadata").putObject("labels");
        labels.forEach((key, value) -> {
            if (value == null) {
                values.putNull(key);
            } else {
                values.put(key, value);
            }
        });
        return client.namespaces().withName(namespace).patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
    }
}
