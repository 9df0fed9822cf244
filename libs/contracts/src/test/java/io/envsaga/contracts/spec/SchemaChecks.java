package io.envsaga.contracts.spec;

import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The two committed schemas as checkers of documents: the JSON Schema (as an editor checks a spec)
 * and the CRD's openAPIV3Schema (as the API server checks an Environment object).
 */
final class SchemaChecks {

    private SchemaChecks() {
    }

    /** What docs/schema/environment.schema.json finds wrong in a spec document. */
    static Set<ValidationMessage> jsonSchema(JsonNode document) {
        try {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(Files.readString(JsonSchemaTest.SCHEMA))
                    .validate(jackson2(document));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What the CRD's schema finds wrong in an Environment object. An undeclared field is refused,
     * as server-side apply and kubectl's strict field validation refuse it (outside
     * {@code metadata}, which the API server owns, and where the schema preserves unknown fields).
     */
    static Set<ValidationMessage> crd(JsonNode object) {
        try {
            JsonNode crd = SpecMapper.yaml().readTree(Files.readString(EnvironmentCrd.FILE));
            ObjectNode schema = (ObjectNode) crd.at("/spec/versions/0/schema/openAPIV3Schema").deepCopy();
            closeObjects(schema, true);
            JsonSchema checker = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(jackson2(schema));
            return checker.validate(jackson2(object));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The spec document as the Environment object a GitOps repository holds: the same, in a namespace. */
    static ObjectNode wrapped(JsonNode document, String namespace) {
        ObjectNode object = (ObjectNode) document.deepCopy();
        if (object.get("metadata") instanceof ObjectNode metadata) {
            metadata.put("namespace", namespace);
        }
        return object;
    }

    /** The validator library speaks Jackson 2; the spec's own mapper is Jackson 3. */
    static com.fasterxml.jackson.databind.JsonNode jackson2(JsonNode node) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(SpecMapper.json().writeValueAsString(node));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeObjects(ObjectNode schema, boolean root) {
        if (schema.has("properties") && !schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            schema.put("additionalProperties", false);
        }
        schema.path("properties").properties().forEach(field -> {
            if (!(root && field.getKey().equals("metadata"))) {
                closeObjects((ObjectNode) field.getValue(), false);
            }
        });
        for (String nested : new String[] {"items", "additionalProperties"}) {
            if (schema.get(nested) instanceof ObjectNode child) {
                closeObjects(child, false);
            }
        }
    }
}
