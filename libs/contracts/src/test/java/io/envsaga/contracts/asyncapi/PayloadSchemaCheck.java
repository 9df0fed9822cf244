package io.envsaga.contracts.asyncapi;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.SpecMapper;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Compares a payload class of the code with its JSON Schema in the AsyncAPI document, field by
 * field, both ways: a field of the code missing in the schema, a property of the schema the code
 * does not have, or a different type is a problem. The spec ({@link Environment}) must be the
 * project's own JSON Schema, referenced, not copied.
 */
final class PayloadSchemaCheck {

    static final String ENVIRONMENT_SCHEMA = "schema/environment.schema.json";

    private final AsyncApiDocument document;
    private final List<String> problems = new ArrayList<>();

    PayloadSchemaCheck(AsyncApiDocument document) {
        this.document = document;
    }

    List<String> problems() {
        return problems;
    }

    void check(Type type, JsonNode schemaNode, String path) {
        JsonNode schema = document.resolve(schemaNode);
        Class<?> raw = raw(type);
        if (schema.has("oneOf")) {
            // a nullable value: the one alternative that is not {type: 'null'}
            List<JsonNode> alternatives = new ArrayList<>();
            schema.get("oneOf").forEach(a -> {
                if (!"null".equals(document.resolve(a).path("type").asString(""))) {
                    alternatives.add(a);
                }
            });
            if (alternatives.size() != 1) {
                problems.add(path + ": oneOf other than one type or null");
                return;
            }
            check(type, alternatives.get(0), path);
            return;
        }
        if (raw == Environment.class) {
            String ref = schema.path("$ref").asString("");
            if (!ref.endsWith(ENVIRONMENT_SCHEMA)) {
                problems.add(path + ": the spec must be a $ref to " + ENVIRONMENT_SCHEMA + ", is " + schema);
            }
        } else if (raw.isRecord()) {
            expectType(schema, "object", path);
            Set<String> code = new LinkedHashSet<>();
            for (RecordComponent component : raw.getRecordComponents()) {
                code.add(component.getName());
            }
            Set<String> documented = new LinkedHashSet<>();
            schema.path("properties").propertyNames().forEach(documented::add);
            for (String missing : minus(code, documented)) {
                problems.add(path + "." + missing + ": in " + raw.getSimpleName() + " but not documented");
            }
            for (String extra : minus(documented, code)) {
                problems.add(path + "." + extra + ": documented but not in " + raw.getSimpleName());
            }
            for (RecordComponent component : raw.getRecordComponents()) {
                if (documented.contains(component.getName())) {
                    check(component.getGenericType(), schema.get("properties").get(component.getName()), path + "." + component.getName());
                }
            }
        } else if (Collection.class.isAssignableFrom(raw)) {
            expectType(schema, "array", path);
            check(argument(type, 0), schema.path("items"), path + "[]");
        } else if (Map.class.isAssignableFrom(raw)) {
            expectType(schema, "object", path);
            Class<?> key = raw(argument(type, 0));
            if (key.isEnum()) {
                check(key, schema.path("propertyNames"), path + "{key}");
            }
            check(argument(type, 1), schema.path("additionalProperties"), path + "{}");
        } else if (raw.isEnum()) {
            Set<String> code = new LinkedHashSet<>();
            for (Object constant : raw.getEnumConstants()) {
                code.add(SpecMapper.json().valueToTree(constant).asString());
            }
            Set<String> documented = new LinkedHashSet<>();
            schema.path("enum").forEach(v -> documented.add(v.asString()));
            if (!code.equals(documented)) {
                problems.add(path + ": enum " + documented + " but the code has " + code);
            }
        } else if (raw == String.class) {
            expectType(schema, "string", path);
        } else if (raw == java.time.Instant.class) {
            expectType(schema, "string", path);
        } else if (raw == boolean.class || raw == Boolean.class) {
            expectType(schema, "boolean", path);
        } else if (raw == long.class || raw == Long.class || raw == int.class || raw == Integer.class) {
            expectType(schema, "integer", path);
        } else {
            problems.add(path + ": no rule for " + type + " (extend PayloadSchemaCheck)");
        }
    }

    private void expectType(JsonNode schema, String expected, String path) {
        String actual = schema.path("type").asString("(none)");
        if (!expected.equals(actual)) {
            problems.add(path + ": type " + actual + ", the code has " + expected);
        }
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> result = new LinkedHashSet<>(a);
        result.removeAll(b);
        return result;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalArgumentException("unsupported type " + type);
    }

    private static Type argument(Type type, int index) {
        if (type instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[index];
        }
        throw new IllegalArgumentException(type + " has no type arguments");
    }
}
