package io.envsaga.simulation.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The schemas of the CRDs created in the simulated cluster, and what a real API server refuses of
 * a server-side apply by them:
 * <ul>
 * <li><b>A field the schema does not declare.</b> The apply handler types the applied
 * configuration against the kind's schema before it merges anything (kubernetes
 * staging/src/k8s.io/apimachinery/pkg/util/managedfields/internal/structuredmerge.go, Apply:
 * "failed to create typed patch object (%v): %v", the object as {@code <ns>/<name>; <group>/<version>, Kind=<Kind>});
 * the conversion (sigs.k8s.io/structured-merge-diff typed/validation) names each field
 * {@code .spec.foo: field not declared in schema}, several as {@code errors:} and one a line.
 * The error is no API status, so the server answers 500 with reason Unknown
 * (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/status.go,
 * ErrorToAPIStatus). Server-side apply does this whatever {@code fieldValidation} says (KEP-2885,
 * "Apply Patch": "server side schema validation already occurs and is not optional"); a
 * schema, or a part of one, with {@code x-kubernetes-preserve-unknown-fields} takes anything.</li>
 * <li><b>A change of a field whose rule is {@code self == oldSelf}</b> (an
 * {@code x-kubernetes-validations} transition rule, e.g. the Tenant pool's {@code servers}; inside
 * list items only where they correlate, by the keys of an {@code x-kubernetes-list-type: map}): 422
 * Invalid, {@code <Kind>.<group> "<name>" is invalid: spec.pools[0].servers: Invalid value: "integer": servers is immutable}
 * (staging/src/k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel/validation.go). Other CEL
 * rules are not evaluated here.</li>
 * </ul>
 * Types, formats, enums and required fields are not checked.
 */
final class CrdSchemas {

    private static final Pattern OBJECT_PATH = Pattern.compile("^/apis/([^/]+)/([^/]+)/namespaces/([^/]+)/([^/]+)/([^/]+)$");

    /** group/version/plural -> {kind, schema}. */
    private final Map<String, JsonNode[]> schemas = new ConcurrentHashMap<>();

    void crdCreated(JsonNode crd) {
        String group = crd.path("spec").path("group").asText();
        String plural = crd.path("spec").path("names").path("plural").asText();
        JsonNode kind = crd.path("spec").path("names").path("kind");
        for (JsonNode version : crd.path("spec").path("versions")) {
            JsonNode schema = version.path("schema").path("openAPIV3Schema");
            if (!schema.isMissingNode()) {
                schemas.put(group + "/" + version.path("name").asText() + "/" + plural, new JsonNode[] {kind, schema});
            }
        }
    }

    /** What the server answers instead of applying {@code applied} at {@code path} over {@code current} (null: absent), or null when it applies it. */
    MockResponse refusal(String path, ObjectNode applied, JsonNode current) {
        Matcher matcher = OBJECT_PATH.matcher(path);
        if (!matcher.matches()) {
            return null;
        }
        JsonNode[] known = schemas.get(matcher.group(1) + "/" + matcher.group(2) + "/" + matcher.group(4));
        if (known == null) {
            return null;
        }
        String kind = known[0].asText();
        List<String> unknown = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = applied.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!List.of("apiVersion", "kind", "metadata").contains(field.getKey())) {
                undeclared(known[1], field.getKey(), field.getValue(), "", unknown);
            }
        }
        if (!unknown.isEmpty()) {
            String object = matcher.group(3) + "/" + matcher.group(5) + "; " + matcher.group(1) + "/" + matcher.group(2) + ", Kind=" + kind;
            String errors = unknown.size() == 1 ? unknown.get(0) : "errors:\n  " + String.join("\n  ", unknown);
            return status(500, null, "failed to create typed patch object (" + object + "): " + errors);
        }
        List<String> changed = new ArrayList<>();
        if (current != null) {
            immutable(known[1].path("properties").path("spec"), applied.path("spec"), current.path("spec"), "spec", changed);
        }
        if (!changed.isEmpty()) {
            return status(422, "Invalid", kind + "." + matcher.group(1) + " \"" + matcher.group(5) + "\" is invalid: " + String.join(", ", changed));
        }
        return null;
    }

    /** Collects {@code .path.field: field not declared in schema} for {@code value} under {@code name} of the object {@code schema}. */
    private static void undeclared(JsonNode schema, String name, JsonNode value, String path, List<String> errors) {
        String here = path + "." + name;
        JsonNode declared = schema.path("properties").get(name);
        if (declared == null) {
            JsonNode additional = schema.get("additionalProperties");
            if (additional != null && additional.isObject()) {
                declared = additional;
            } else if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean() || additional != null && additional.asBoolean()) {
                return;
            } else {
                errors.add(here + ": field not declared in schema");
                return;
            }
        }
        within(declared, value, here, errors);
    }

    private static void within(JsonNode schema, JsonNode value, String path, List<String> errors) {
        if (value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                undeclared(schema, field.getKey(), field.getValue(), path, errors);
            }
        } else if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                within(schema.get("items"), value.get(i), path + element(schema, value.get(i), i), errors);
            }
        }
    }

    /** How structured-merge-diff names a list element: by its keys in a list of type map ({@code [name="pool-0"]}), else by index. */
    private static String element(JsonNode listSchema, JsonNode item, int index) {
        JsonNode keys = listSchema.get("x-kubernetes-list-map-keys");
        if (!"map".equals(listSchema.path("x-kubernetes-list-type").asText()) || keys == null || !item.isObject()) {
            return "[" + index + "]";
        }
        List<String> parts = new ArrayList<>();
        keys.forEach(key -> parts.add(key.asText() + "=" + item.path(key.asText())));
        return "[" + String.join(",", parts) + "]";
    }

    /** Collects the fields with a {@code self == oldSelf} rule whose applied value differs from the stored one. */
    private static void immutable(JsonNode schema, JsonNode applied, JsonNode stored, String path, List<String> changed) {
        if (schema.isMissingNode() || applied.isMissingNode() || stored.isMissingNode()) {
            return;
        }
        for (JsonNode rule : schema.path("x-kubernetes-validations")) {
            if ("self == oldSelf".equals(rule.path("rule").asText()) && !applied.equals(stored)) {
                changed.add(path + ": Invalid value: \"" + schema.path("type").asText("object") + "\": " + rule.path("message").asText("Invalid value"));
            }
        }
        if (applied.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = applied.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                immutable(schema.path("properties").path(field.getKey()), field.getValue(), stored.path(field.getKey()), path + "." + field.getKey(), changed);
            }
        } else if (applied.isArray() && "map".equals(schema.path("x-kubernetes-list-type").asText())) {
            // a rule inside list items sees oldSelf only where items correlate: by the keys of a list of type map
            for (int i = 0; i < applied.size(); i++) {
                JsonNode item = applied.get(i);
                for (JsonNode old : stored) {
                    boolean same = true;
                    for (JsonNode key : schema.path("x-kubernetes-list-map-keys")) {
                        same &= item.path(key.asText()).equals(old.path(key.asText()));
                    }
                    if (same) {
                        immutable(schema.path("items"), item, old, path + "[" + i + "]", changed);
                    }
                }
            }
        }
    }

    private static MockResponse status(int code, String reason, String message) {
        ObjectNode status = (ObjectNode) JsonMergePatch.read("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\"}");
        status.put("message", message);
        if (reason != null) {
            status.put("reason", reason);
        }
        status.put("code", code);
        return new MockResponse().setResponseCode(code).setBody(status.toString());
    }
}
