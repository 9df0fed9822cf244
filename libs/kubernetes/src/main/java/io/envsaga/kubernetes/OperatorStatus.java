package io.envsaga.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the operator rules read of a custom resource's {@code status}. */
final class OperatorStatus {

    private OperatorStatus() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> status(HasMetadata resource) {
        if (resource instanceof GenericKubernetesResource generic && generic.getAdditionalProperties().get("status") instanceof Map<?, ?> status) {
            return (Map<String, Object>) status;
        }
        return Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> conditions(HasMetadata resource) {
        return status(resource).get("conditions") instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    static Optional<Map<String, Object>> condition(HasMetadata resource, String type) {
        return conditions(resource).stream().filter(c -> type.equals(c.get("type"))).findFirst();
    }

    /** A field of {@code status} by a dotted path ("state", "health.status"), or null. */
    static Object field(HasMetadata resource, String path) {
        Object value = status(resource);
        for (String part : path.split("\\.")) {
            if (!(value instanceof Map<?, ?> map)) {
                return null;
            }
            value = map.get(part);
        }
        return value;
    }

    static Long observedGeneration(HasMetadata resource) {
        return status(resource).get("observedGeneration") instanceof Number n ? n.longValue() : null;
    }
}
