package io.envsaga.contracts.spec;

import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What a Kubernetes API server requires of a CRD's openAPIV3Schema before it serves it
 * (k8s.io/apiextensions-apiserver: a structural schema, and the keywords of JSONSchemaProps),
 * for the shapes envsaga's CRD has: every node has a single {@code type}; no {@code $ref},
 * definitions, {@code const}, {@code propertyNames}, nor junctors; {@code properties} and
 * {@code additionalProperties} not together and no {@code additionalProperties: false};
 * {@code metadata} only with restrictions of {@code name}; patterns that Go's RE2 compiles;
 * the keys of a map list required (or defaulted) in its items. Stricter than the API server in
 * the keywords it allows (only those envsaga's generator may write); otherwise the upstream CRDs
 * of the operators envsaga drives pass it.
 */
final class StructuralRules {

    private static final Set<String> KEYWORDS = Set.of("type", "description", "format", "enum", "pattern", "minimum", "maximum",
            "minLength", "maxLength", "minItems", "maxItems", "required", "properties", "items", "additionalProperties", "default",
            "nullable", "x-kubernetes-preserve-unknown-fields", "x-kubernetes-list-type", "x-kubernetes-list-map-keys");
    private static final Set<String> TYPES = Set.of("object", "array", "string", "integer", "number", "boolean");

    private StructuralRules() {
    }

    /** Every rule {@code schema} (an openAPIV3Schema) breaks, with the path of the node. */
    static List<String> violations(JsonNode schema) {
        List<String> violations = new ArrayList<>();
        check(schema, "", violations);
        JsonNode metadata = schema.path("properties").path("metadata");
        for (String key : metadata.propertyNames()) {
            if (!Set.of("type", "properties").contains(key)) {
                violations.add(".metadata: only name and generateName may be restricted, not " + key);
            }
        }
        for (String field : metadata.path("properties").propertyNames()) {
            if (!Set.of("name", "generateName").contains(field)) {
                violations.add(".metadata." + field + ": only name and generateName may be restricted");
            }
        }
        return violations;
    }

    /** The paths of the nodes that keep unknown fields ({@code x-kubernetes-preserve-unknown-fields}). */
    static List<String> preservingUnknownFields(JsonNode schema) {
        List<String> paths = new ArrayList<>();
        walk(schema, "", (node, path) -> {
            if (node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                paths.add(path);
            }
        });
        return paths;
    }

    private static void check(JsonNode node, String path, List<String> violations) {
        walk(node, path, (schema, at) -> {
            String where = at.isEmpty() ? "." : at;
            for (String key : schema.propertyNames()) {
                if (!KEYWORDS.contains(key)) {
                    violations.add(where + ": '" + key + "' is not allowed in a structural schema");
                }
            }
            boolean anyType = schema.path("x-kubernetes-int-or-string").asBoolean(false)
                    || schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false) && !schema.has("type");
            if (!anyType && (!schema.path("type").isString() || !TYPES.contains(schema.path("type").asString()))) {
                violations.add(where + ": needs a single type, has " + schema.get("type"));
            }
            if (schema.has("properties") && schema.has("additionalProperties")) {
                violations.add(where + ": properties and additionalProperties are mutually exclusive");
            }
            if (schema.has("additionalProperties") && !schema.get("additionalProperties").isObject()) {
                violations.add(where + ": additionalProperties must be a schema");
            }
            if (schema.has("pattern")) {
                try {
                    com.google.re2j.Pattern.compile(schema.get("pattern").asString());
                } catch (PatternSyntaxException e) {
                    violations.add(where + ": the pattern is no RE2 expression: " + e.getMessage());
                }
            }
            for (JsonNode key : schema.path("x-kubernetes-list-map-keys")) {
                boolean required = schema.path("items").path("required").valueStream().anyMatch(r -> r.asString().equals(key.asString()))
                        || schema.path("items").path("properties").path(key.asString()).has("default");
                if (!required || !"map".equals(schema.path("x-kubernetes-list-type").asString())) {
                    violations.add(where + ": the map key " + key + " must be required in a list of type map");
                }
            }
        });
    }

    private interface Visitor {
        void visit(JsonNode schema, String path);
    }

    private static void walk(JsonNode schema, String path, Visitor visitor) {
        visitor.visit(schema, path);
        schema.path("properties").properties().forEach(field -> walk(field.getValue(), path + "." + field.getKey(), visitor));
        if (schema.path("items").isObject()) {
            walk(schema.get("items"), path + "[]", visitor);
        }
        if (schema.path("additionalProperties").isObject()) {
            walk(schema.get("additionalProperties"), path + "{}", visitor);
        }
    }
}
