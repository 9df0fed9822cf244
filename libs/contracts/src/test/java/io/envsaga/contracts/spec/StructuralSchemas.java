package io.envsaga.contracts.spec;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes a generated JSON Schema a Kubernetes structural schema (a CRD's openAPIV3Schema), keeping
 * every constraint Kubernetes can hold:
 * <ul>
 * <li>{@code $ref}s are written out in place (a CRD has no definitions);</li>
 * <li>a nullable type ({@code [object, null]}, an {@code anyOf} with {@code null}) becomes the
 * type alone: the API server drops a null field that is not {@code nullable} before it validates;</li>
 * <li>{@code additionalProperties: false} goes: a structural schema refuses undeclared fields by
 * itself (server-side apply and kubectl's strict field validation refuse them; others have
 * them pruned);</li>
 * <li>a map of values of any type (queue arguments) takes anything:
 * {@code x-kubernetes-preserve-unknown-fields};</li>
 * <li>patterns are Go's RE2 there, which has no look-ahead: a leading {@code (?=.{1,N}$)}
 * becomes {@code maxLength: N}, any other leading look-ahead is dropped (the pattern gets looser);</li>
 * <li>{@code propertyNames} (the names of env variables) has no equivalent and is dropped.</li>
 * </ul>
 * Any other keyword fails the conversion, so that a new constraint on the records cannot slip
 * through unconverted. Keys are sorted, as controller-gen writes CRDs.
 */
final class StructuralSchemas {

    private static final Set<String> KEPT = Set.of("type", "description", "format", "enum", "pattern", "minimum", "maximum",
            "minLength", "maxLength", "minItems", "maxItems", "required", "properties", "items", "additionalProperties");
    private static final Set<String> DROPPED = Set.of("$schema", "$defs", "$id", "title", "propertyNames");
    private static final Pattern LOOKAHEAD_LENGTH = Pattern.compile("^\\.\\{1,(\\d+)\\}\\$$");

    private StructuralSchemas() {
    }

    /** The structural form of {@code schema}, whose {@code $ref}s point into {@code root}'s {@code $defs}. */
    static ObjectNode of(JsonNode schema, JsonNode root) {
        ObjectNode node = resolved(schema, root);
        TreeMap<String, JsonNode> out = new TreeMap<>();
        for (String key : node.propertyNames()) {
            JsonNode value = node.get(key);
            if (DROPPED.contains(key)) {
                continue;
            }
            if (!KEPT.contains(key)) {
                throw new IllegalStateException("no structural form for '" + key + "' in " + node);
            }
            switch (key) {
                case "type" -> out.put(key, type(value));
                case "properties" -> out.put(key, properties(value, root));
                case "items" -> out.put(key, of(value, root));
                case "additionalProperties" -> {
                    if (value.isObject()) {
                        out.put(key, of(value, root));
                    }
                }
                case "pattern" -> pattern(value.asString(), out);
                case "maxLength" -> maxLength(value.asInt(), out);
                default -> out.put(key, value);
            }
        }
        if ("object".equals(out.get("type").asString()) && !out.containsKey("properties") && !out.containsKey("additionalProperties")) {
            out.put("x-kubernetes-preserve-unknown-fields", JsonNodeFactory.instance.booleanNode(true));
        }
        ObjectNode sorted = JsonNodeFactory.instance.objectNode();
        out.forEach(sorted::set);
        return sorted;
    }

    /** The node with its {@code $ref} written out and a nullable {@code anyOf} folded into it. */
    private static ObjectNode resolved(JsonNode schema, JsonNode root) {
        ObjectNode node = ((ObjectNode) schema).deepCopy();
        if (node.has("$ref")) {
            String ref = node.remove("$ref").asString();
            ObjectNode target = ((ObjectNode) root.at(ref.substring(1))).deepCopy();
            node.properties().forEach(field -> target.set(field.getKey(), field.getValue()));
            node = target;
        }
        if (node.has("anyOf")) {
            List<JsonNode> notNull = node.remove("anyOf").valueStream().filter(alt -> !alt.path("type").asString("").equals("null")).toList();
            if (notNull.size() != 1) {
                throw new IllegalStateException("no structural form for an anyOf of " + notNull);
            }
            ObjectNode merged = resolved(notNull.get(0), root);
            node.properties().forEach(field -> merged.set(field.getKey(), field.getValue()));
            node = merged;
        }
        return node;
    }

    private static JsonNode type(JsonNode type) {
        if (type.isString()) {
            return type;
        }
        List<JsonNode> types = type.valueStream().filter(t -> !t.asString().equals("null")).toList();
        if (types.size() != 1) {
            throw new IllegalStateException("no structural form for the type " + type);
        }
        return types.get(0);
    }

    private static ObjectNode properties(JsonNode properties, JsonNode root) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        new TreeMap<>(properties.propertyStream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))
                .forEach((name, schema) -> out.set(name, of(schema, root)));
        return out;
    }

    private static void pattern(String pattern, TreeMap<String, JsonNode> out) {
        if (pattern.startsWith("^(?=")) {
            int end = closing(pattern, 1);
            Matcher length = LOOKAHEAD_LENGTH.matcher(pattern.substring(4, end));
            if (length.matches()) {
                maxLength(Integer.parseInt(length.group(1)), out);
            }
            pattern = "^" + pattern.substring(end + 1);
        }
        out.put("pattern", JsonNodeFactory.instance.stringNode(pattern));
    }

    private static void maxLength(int max, TreeMap<String, JsonNode> out) {
        int known = out.containsKey("maxLength") ? out.get("maxLength").asInt() : max;
        out.put("maxLength", JsonNodeFactory.instance.numberNode(Math.min(max, known)));
    }

    /** The index of the parenthesis closing the one at {@code open}. */
    private static int closing(String pattern, int open) {
        int depth = 0;
        for (int i = open; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalStateException("unbalanced " + pattern);
    }
}
