package io.envsaga.simulation.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Iterator;
import java.util.Map;

/** RFC 7386 JSON merge patch, the rule the mock merges an applied configuration and a merge patch by. */
final class JsonMergePatch {

    private JsonMergePatch() {
    }

    /** Maps merged key by key, lists and scalars replaced, {@code null} removes a key; the target is not changed. */
    static JsonNode apply(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : Serialization.jsonMapper().createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = patch.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                result.set(field.getKey(), apply(result.get(field.getKey()), field.getValue()));
            }
        }
        return result;
    }

    /** A request body or a stored object, JSON or (an apply patch may be) YAML. */
    static JsonNode read(String body) {
        try {
            String trimmed = body.trim();
            if (trimmed.startsWith("{")) {
                return Serialization.jsonMapper().readTree(trimmed);
            }
            return Serialization.jsonMapper().valueToTree(Serialization.unmarshal(trimmed, Map.class));
        } catch (Exception e) {
            throw new IllegalArgumentException("unreadable apply patch: " + e.getMessage(), e);
        }
    }
}
