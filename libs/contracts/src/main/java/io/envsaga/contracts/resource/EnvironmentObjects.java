package io.envsaga.contracts.resource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** An Environment object (the custom resource environments.envsaga.io) and the spec document inside it. */
public final class EnvironmentObjects {

    private EnvironmentObjects() {
    }

    /**
     * The spec document the validator judges: the object's apiVersion, kind, metadata.name and
     * spec. What Kubernetes keeps beside them (namespace, labels, annotations, uid, generation,
     * status) is the object's, not the spec's.
     */
    public static ObjectNode specDocument(JsonNode object) {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        for (String field : new String[] {"apiVersion", "kind"}) {
            if (object.has(field)) {
                document.set(field, object.get(field));
            }
        }
        if (object.path("metadata").has("name")) {
            document.putObject("metadata").set("name", object.get("metadata").get("name"));
        }
        if (object.has("spec")) {
            document.set("spec", object.get("spec").deepCopy());
        }
        return document;
    }
}
