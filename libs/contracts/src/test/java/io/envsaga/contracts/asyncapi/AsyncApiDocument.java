package io.envsaga.contracts.asyncapi;

import io.envsaga.contracts.spec.Examples;
import io.envsaga.contracts.spec.SpecMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/** docs/asyncapi.yaml as a tree, with its local {@code $ref}s followed and its channel parameters expanded. */
final class AsyncApiDocument {

    static final Path FILE = Examples.dir().resolveSibling("docs/asyncapi.yaml");
    private static final Pattern PARAMETER = Pattern.compile("\\{([a-z]+)}");

    private final JsonNode root;

    private AsyncApiDocument(JsonNode root) {
        this.root = root;
    }

    static AsyncApiDocument load() {
        try {
            // SnakeYAML: the document uses anchors and aliases, which it resolves
            Object tree = new Yaml().load(Files.readString(FILE));
            return new AsyncApiDocument(SpecMapper.json().valueToTree(tree));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode root() {
        return root;
    }

    /** Follows local references ({@code #/...}) until a node that is not one; an external reference is returned as it is. */
    JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; current != null && current.has("$ref") && current.get("$ref").asString().startsWith("#/"); hops++) {
            if (hops > 20) {
                throw new IllegalStateException("reference loop at " + node);
            }
            current = root.at(current.get("$ref").asString().substring(1));
            if (current.isMissingNode()) {
                throw new IllegalStateException("dangling reference " + node.get("$ref"));
            }
        }
        return current;
    }

    /** Every name a template such as {@code envsaga.step.{step}} stands for, with each parameter's enum. */
    List<Map<String, String>> bindingsOf(String template, JsonNode parameters) {
        List<Map<String, String>> result = new ArrayList<>();
        result.add(new LinkedHashMap<>());
        Matcher m = PARAMETER.matcher(template);
        while (m.find()) {
            String name = m.group(1);
            if (result.get(0).containsKey(name)) {
                continue;
            }
            JsonNode parameter = parameters == null ? null : resolve(parameters.get(name));
            if (parameter == null || !parameter.has("enum")) {
                throw new IllegalStateException("parameter {" + name + "} of '" + template + "' has no enum");
            }
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : result) {
                for (JsonNode value : parameter.get("enum")) {
                    Map<String, String> extended = new LinkedHashMap<>(partial);
                    extended.put(name, value.asString());
                    next.add(extended);
                }
            }
            result = next;
        }
        return result;
    }

    static String substitute(String template, Map<String, String> values) {
        String result = template;
        for (Map.Entry<String, String> e : values.entrySet()) {
            result = result.replace("{" + e.getKey() + "}", e.getValue());
        }
        return result;
    }

    /** The AMQP binding of a channel: {@code routingKey} or {@code queue}. */
    static String kind(JsonNode channel) {
        return channel.path("bindings").path("amqp").path("is").asString("");
    }

    /** The exchange a routing-key channel is on. */
    static String exchange(JsonNode channel) {
        return channel.path("bindings").path("amqp").path("exchange").path("name").asString("");
    }

    /** The channel an operation refers to. */
    JsonNode channelOf(JsonNode operation) {
        return resolve(operation.get("channel"));
    }
}
