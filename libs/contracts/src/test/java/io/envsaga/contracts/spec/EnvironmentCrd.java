package io.envsaga.contracts.spec;

import io.envsaga.contracts.resource.EnvironmentStatus;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * The CRD {@code environments.envsaga.io} (deploy/crds/): the spec's schema from
 * {@link SpecSchemas}, made structural ({@link StructuralSchemas}), and the status schema from
 * {@link EnvironmentStatus}. {@link EnvironmentCrdTest} keeps the committed file equal to it.
 */
final class EnvironmentCrd {

    static final Path FILE = Examples.dir().resolveSibling("deploy/crds/environments.envsaga.io.yaml");
    static final String GROUP = "envsaga.io";

    private static final String HEADER = """
            # The custom resource Environment (envsaga.io/v1): an environment spec as a Kubernetes object
            # (docs/gitops.md). Generated from the spec's records by libs/contracts' EnvironmentCrdTest, with
            # docs/schema/environment.schema.json; do not edit: regenerate both with
            #   ./mvnw -B -q -pl libs/contracts -am test -Dtest='JsonSchemaTest,EnvironmentCrdTest' \\
            #     -Dsurefire.failIfNoSpecifiedTests=false -Denvsaga.schema.update=true
            """;

    private EnvironmentCrd() {
    }

    static String yaml() {
        // long patterns stay on one line, as kubectl and editors show them
        return HEADER + SpecMapper.yaml().rebuild().disable(YAMLWriteFeature.SPLIT_LINES).build().writeValueAsString(crd());
    }

    static ObjectNode crd() {
        ObjectNode crd = JsonNodeFactory.instance.objectNode();
        crd.put("apiVersion", "apiextensions.k8s.io/v1");
        crd.put("kind", "CustomResourceDefinition");
        crd.putObject("metadata").put("name", "environments." + GROUP);
        ObjectNode spec = crd.putObject("spec");
        spec.put("group", GROUP);
        ObjectNode names = spec.putObject("names");
        names.put("kind", Environment.KIND).put("listKind", Environment.KIND + "List").put("plural", "environments").put("singular", "environment");
        names.set("shortNames", strings("env"));
        names.set("categories", strings("envsaga"));
        spec.put("scope", "Namespaced");
        ObjectNode version = spec.putArray("versions").addObject();
        version.put("name", "v1").put("served", true).put("storage", true);
        version.putObject("subresources").putObject("status");
        ArrayNode columns = version.putArray("additionalPrinterColumns");
        column(columns, "Phase", "string", ".status.phase");
        column(columns, "Generation", "integer", ".metadata.generation");
        column(columns, "Cluster", "string", ".spec.cluster");
        column(columns, "Hosts", "string", ".spec.dns.hosts");
        column(columns, "Age", "date", ".metadata.creationTimestamp");
        version.putObject("schema").set("openAPIV3Schema", openApiSchema());
        return crd;
    }

    static ObjectNode openApiSchema() {
        ObjectNode environment = SpecSchemas.environment();
        JsonNode properties = environment.get("properties");
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        schema.put("description", "An environment envsaga brings up and keeps: spec is an environment spec (docs/schema/environment.schema.json), "
                + "status what envsaga made of it");
        schema.put("type", "object");
        ObjectNode fields = schema.putObject("properties");
        fields.putObject("apiVersion").put("type", "string");
        fields.putObject("kind").put("type", "string");
        ObjectNode metadata = fields.putObject("metadata");
        metadata.putObject("properties").set("name", StructuralSchemas.of(properties.get("metadata").get("properties").get("name"), environment));
        metadata.put("type", "object");
        fields.set("spec", StructuralSchemas.of(properties.get("spec"), environment));
        fields.set("status", status());
        schema.set("required", strings("spec"));
        return schema;
    }

    private static ObjectNode status() {
        ObjectNode generated = SpecSchemas.of(EnvironmentStatus.class);
        ObjectNode status = StructuralSchemas.of(generated, generated);
        listMap((ObjectNode) status.get("properties").get("conditions"), "type");
        listMap((ObjectNode) status.get("properties").get("steps"), "step");
        return status;
    }

    /** A list whose items are merged by a key (server-side apply, strategic merge), as Kubernetes lists conditions. */
    private static void listMap(ObjectNode list, String key) {
        list.set("x-kubernetes-list-map-keys", strings(key));
        list.put("x-kubernetes-list-type", "map");
    }

    private static void column(ArrayNode columns, String name, String type, String jsonPath) {
        columns.addObject().put("name", name).put("type", type).put("jsonPath", jsonPath);
    }

    private static ArrayNode strings(String... values) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (String value : values) {
            array.add(value);
        }
        return array;
    }
}
