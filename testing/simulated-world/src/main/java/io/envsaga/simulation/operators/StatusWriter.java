package io.envsaga.simulation.operators;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes an operator's status through the status subresource: the conditions, and observedGeneration caught up. */
final class StatusWriter {

    private StatusWriter() {
    }

    @SafeVarargs
    static void write(KubernetesClient client, ResourceDefinitionContext kind, String ns, String name, Map<String, Object> extra,
                      Map<String, Object>... conditions) {
        for (int attempt = 0; attempt < 5; attempt++) {
            GenericKubernetesResource current = client.genericKubernetesResources(kind).inNamespace(ns).withName(name).get();
            if (current == null) {
                return; // deleted meanwhile
            }
            Map<String, Object> status = new LinkedHashMap<>(extra);
            status.put("observedGeneration", current.getMetadata().getGeneration() == null ? 1L : current.getMetadata().getGeneration());
            List<Map<String, Object>> list = new ArrayList<>();
            for (Map<String, Object> condition : conditions) {
                Map<String, Object> c = new LinkedHashMap<>(condition);
                c.put("lastTransitionTime", Instant.now().toString());
                list.add(c);
            }
            status.put("conditions", list);
            current.getAdditionalProperties().put("status", status);
            try {
                client.genericKubernetesResources(kind).inNamespace(ns).resource(current).updateStatus();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    return;
                }
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        }
    }
}
