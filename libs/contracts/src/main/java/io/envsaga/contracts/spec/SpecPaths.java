package io.envsaga.contracts.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * How a violation says where and why: the path of a field as the spec writes it
 * ({@code spec.workloads[1].image}, map keys as {@code env[BAD-NAME]}), from the parser's
 * position, Jackson's references or Bean Validation's property path; a line and column; what a
 * mismatched value should have been.
 */
final class SpecPaths {

    private SpecPaths() {
    }

    static String at(TokenStreamLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    static String describeMismatch(MismatchedInputException e) {
        Class<?> target = e.getTargetType();
        String expected;
        if (target == null) {
            expected = "a different value";
        } else if (target.isEnum()) {
            expected = "one of " + Arrays.stream(target.getEnumConstants())
                    .map(c -> enumName((Enum<?>) c)).collect(Collectors.joining(", "));
        } else if (Number.class.isAssignableFrom(target) || target == int.class) {
            expected = "a whole number";
        } else if (target == Boolean.class || target == boolean.class) {
            expected = "true or false";
        } else if (target == String.class) {
            expected = "a string";
        } else if (java.util.Collection.class.isAssignableFrom(target)) {
            expected = "a list";
        } else {
            expected = "a mapping";
        }
        if (e instanceof InvalidFormatException invalid && invalid.getValue() != null) {
            return "expected " + expected + ", got '" + invalid.getValue() + "'";
        }
        return "expected " + expected;
    }

    private static String enumName(Enum<?> constant) {
        try {
            var annotation = constant.getDeclaringClass().getField(constant.name())
                    .getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
            return annotation != null ? annotation.value() : constant.name();
        } catch (NoSuchFieldException e) {
            return constant.name();
        }
    }

    static String path(List<JacksonException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : references) {
            if (reference.getPropertyName() != null) {
                appendName(path, reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    static String path(TokenStreamContext context, String leaf) {
        List<String> segments = new ArrayList<>();
        for (TokenStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                segments.add(0, "[" + Math.max(c.getCurrentIndex(), 0) + "]");
            } else if (c.currentName() != null) {
                segments.add(0, "." + c.currentName());
            }
        }
        StringBuilder path = new StringBuilder(String.join("", segments));
        if (leaf != null) {
            path.append('.').append(leaf);
        }
        return path.length() > 0 && path.charAt(0) == '.' ? path.substring(1) : path.toString();
    }

    /** {@code spec.workloads[1].image}; map keys as {@code env[BAD-NAME]}. */
    static String path(Path propertyPath) {
        StringBuilder path = new StringBuilder();
        for (Path.Node node : propertyPath) {
            if (node.isInIterable()) {
                path.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
            }
            if (node.getKind() != ElementKind.CONTAINER_ELEMENT && node.getName() != null) {
                appendName(path, node.getName());
            }
        }
        return path.toString();
    }

    private static void appendName(StringBuilder path, String name) {
        if (path.length() > 0) {
            path.append('.');
        }
        path.append(name);
    }
}
