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

/**
 * Writes an operator's status through the status subresource: the conditions, and
 * {@code observedGeneration} only for a reconcile that succeeded. Both RabbitMQ operators write it
 * so: rabbitmq/messaging-topology-operator {@code internal/controller/topology_controller.go}
 * (lines 109-115: a failed declare sets {@code Ready=False} and returns; lines 122-123: only a
 * success calls {@code setObservedGeneration}) and rabbitmq/cluster-operator
 * {@code internal/controller/rabbitmqcluster_controller.go} ({@code setReconcileSuccess}, lines
 * 416-421: {@code ObservedGeneration} moves only with {@code ReconcileSuccess=True}). A condition
 * keeps its {@code lastTransitionTime} while its status does not change (topology operator
 * {@code api/v1beta1/conditions.go} {@code lastTransitionTime}; cluster-operator
 * {@code internal/status/all_replicas_ready.go} {@code assignLastTransitionTime}).
 */
final class StatusWriter {

    private StatusWriter() {
    }

    /**
     * @param reconciled the generation of the object a successful reconcile read (the operators set
     *                   {@code observedGeneration} from the object they reconciled, not from a newer
     *                   spec that arrived meanwhile); null for a reconcile that failed: then it stays
     *                   what it was (absent before a first success)
     */
    @SafeVarargs
    @SuppressWarnings("unchecked")
    static void write(KubernetesClient client, ResourceDefinitionContext kind, String ns, String name, Map<String, Object> extra,
                      Long reconciled, Map<String, Object>... conditions) {
        for (int attempt = 0; attempt < 5; attempt++) {
            GenericKubernetesResource current = client.genericKubernetesResources(kind).inNamespace(ns).withName(name).get();
            if (current == null) {
                return; // deleted meanwhile
            }
            Map<String, Object> before = current.getAdditionalProperties().get("status") instanceof Map<?, ?> m
                    ? (Map<String, Object>) m : Map.of();
            Map<String, Object> status = new LinkedHashMap<>(before); // the operators patch their status: what they do not set stays
            status.putAll(extra);
            if (reconciled != null) {
                status.put("observedGeneration", reconciled);
            } else if (before.get("observedGeneration") != null) {
                status.put("observedGeneration", before.get("observedGeneration"));
            }
            List<Map<String, Object>> list = new ArrayList<>();
            for (Map<String, Object> condition : conditions) {
                Map<String, Object> c = new LinkedHashMap<>(condition);
                Map<String, Object> old = previous(before, String.valueOf(condition.get("type")));
                c.put("lastTransitionTime", old != null && condition.get("status").equals(old.get("status")) && old.get("lastTransitionTime") != null
                        ? old.get("lastTransitionTime") : Instant.now().toString());
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

    @SuppressWarnings("unchecked")
    private static Map<String, Object> previous(Map<String, Object> status, String type) {
        if (status.get("conditions") instanceof List<?> conditions) {
            for (Object c : conditions) {
                if (c instanceof Map<?, ?> m && type.equals(m.get("type"))) {
                    return (Map<String, Object>) m;
                }
            }
        }
        return null;
    }

    /** The generation of {@code obj} as a reconcile read it (1 where the API server set none). */
    static Long generationOf(io.fabric8.kubernetes.api.model.HasMetadata obj) {
        return obj.getMetadata().getGeneration() == null ? 1L : obj.getMetadata().getGeneration();
    }
}
