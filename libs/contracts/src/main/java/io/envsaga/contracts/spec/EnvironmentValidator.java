package io.envsaga.contracts.spec;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.DeserializationProblemHandler;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * The one validator of environment specs, used by every component (REST, intake, envctl, the
 * services). It reads a YAML or JSON document and reports every violation it can find as
 * {@code {path, message}}; it never throws on bad input.
 */
public final class EnvironmentValidator {

    private static final ValidatorFactory FACTORY = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator())
            .buildValidatorFactory();

    private final SpecLimits limits;
    private final Validator fieldValidator = FACTORY.getValidator();

    public EnvironmentValidator(SpecLimits limits) {
        this.limits = limits;
    }

    public EnvironmentValidator() {
        this(SpecLimits.defaults());
    }

    public SpecLimits limits() {
        return limits;
    }

    public ValidationResult validate(String document) {
        return validate(document == null ? null : document.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses a YAML or JSON document (UTF-8) and validates it. */
    public ValidationResult validate(byte[] document) {
        Read read = read(document);
        if (read.refused() != null) {
            return ValidationResult.invalid(List.of(read.refused()));
        }
        JsonNode tree = read.tree();
        ObjectMapper mapper = read.mapper();
        List<Violation> violations = new ArrayList<>(checkTypeHeader(tree));
        Environment environment = null;
        List<Violation> unknownFields = new ArrayList<>();
        try {
            environment = mapper.readerFor(Environment.class)
                    .withHandler(new UnknownFieldCollector(unknownFields))
                    .readValue(tree);
        } catch (MismatchedInputException e) {
            violations.add(new Violation(path(e.getPath()), describeMismatch(e)));
        } catch (JacksonException e) {
            violations.add(new Violation(path(e.getPath()), e.getOriginalMessage()));
        }
        violations.addAll(unknownFields);
        if (environment != null && violations.isEmpty()) {
            return validate(environment);
        }
        if (environment != null) {
            violations.addAll(rulesOf(environment));
        }
        return ValidationResult.invalid(distinct(violations));
    }

    /**
     * The environment a document names ({@code metadata.name}), read exactly as {@link #validate(byte[])}
     * reads it (the same size limit, the same choice of JSON or YAML, byte-order mark and all, the
     * same parser and refusals) and only if it is a valid name: for a document this validator
     * accepts, always its {@link Environment#name()}, so that whoever files a submission (the
     * audit, a rejection) files it under the name the saga runs. Empty when the document names no
     * valid environment (too large, unreadable, no or an invalid {@code metadata.name}), however
     * the rest of it reads.
     */
    public java.util.Optional<String> nameOf(byte[] document) {
        Read read = read(document);
        if (read.refused() != null) {
            return java.util.Optional.empty();
        }
        JsonNode name = read.tree().path("metadata").path("name");
        if (name.isMissingNode() || name.isNull() || name.isContainer()) {
            return java.util.Optional.empty();
        }
        Metadata metadata;
        try {
            // bound as the record binds it (a number is coerced to its text alike)
            metadata = new Metadata(read.mapper().treeToValue(name, String.class));
        } catch (JacksonException e) {
            return java.util.Optional.empty();
        }
        return fieldValidator.validate(metadata).isEmpty() ? java.util.Optional.of(metadata.name()) : java.util.Optional.empty();
    }

    /** A document read into a tree by the mapper its format calls for, or the one reason it cannot be. */
    private record Read(JsonNode tree, ObjectMapper mapper, Violation refused) {
        static Read refused(String message) {
            return new Read(null, null, new Violation("", message));
        }
    }

    private Read read(byte[] document) {
        if (document == null || new String(document, StandardCharsets.UTF_8).isBlank()) {
            return Read.refused("the document is empty");
        }
        if (document.length > limits.maxDocumentBytes()) {
            return Read.refused("the document is " + document.length + " bytes; the limit is " + limits.maxDocumentBytes());
        }
        boolean json = looksLikeJson(document);
        ObjectMapper mapper = json ? SpecMapper.json() : SpecMapper.yaml();
        String format = json ? "JSON" : "YAML";
        JsonNode tree;
        try {
            tree = json ? mapper.readTree(document) : YamlTrees.read(document);
        } catch (YamlTrees.AliasRefused e) {
            return new Read(null, null, e.violation);
        } catch (JacksonException e) {
            Violation refused = YamlTrees.refusal(e);
            if (refused != null) {
                return new Read(null, null, refused);
            }
            String where = e instanceof StreamReadException read ? at(read.getLocation()) : "";
            return Read.refused("malformed " + format + where + ": " + e.getOriginalMessage());
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return Read.refused("the document is empty");
        }
        if (!tree.isObject()) {
            return Read.refused("the document must be a mapping with apiVersion, kind, metadata and spec");
        }
        return new Read(tree, mapper, null);
    }

    /** Validates an environment that is already bound (e.g. read from an event). */
    public ValidationResult validate(Environment environment) {
        List<Violation> violations = new ArrayList<>(rulesOf(environment));
        return violations.isEmpty() ? ValidationResult.valid(environment) : ValidationResult.invalid(distinct(violations));
    }

    private List<Violation> rulesOf(Environment environment) {
        List<Violation> violations = new ArrayList<>();
        for (ConstraintViolation<Environment> v : fieldValidator.validate(environment)) {
            violations.add(new Violation(path(v.getPropertyPath()), v.getMessage()));
        }
        if (!Environment.API_VERSION.equals(environment.apiVersion()) && environment.apiVersion() != null) {
            violations.add(new Violation("apiVersion", "must be " + Environment.API_VERSION));
        }
        if (!Environment.KIND.equals(environment.kind()) && environment.kind() != null) {
            violations.add(new Violation("kind", "must be " + Environment.KIND));
        }
        if (environment.spec() != null) {
            violations.addAll(new SpecRules(limits).check(environment.spec()));
        }
        // sorted by path so that a report reads in document order, stable between runs
        violations.sort(java.util.Comparator.comparing(Violation::path));
        return violations;
    }

    private static List<Violation> checkTypeHeader(JsonNode tree) {
        List<Violation> violations = new ArrayList<>();
        JsonNode apiVersion = tree.get("apiVersion");
        if (apiVersion != null && !(apiVersion.isString() && Environment.API_VERSION.equals(apiVersion.asString()))) {
            violations.add(new Violation("apiVersion", "must be " + Environment.API_VERSION));
        }
        JsonNode kind = tree.get("kind");
        if (kind != null && !(kind.isString() && Environment.KIND.equals(kind.asString()))) {
            violations.add(new Violation("kind", "must be " + Environment.KIND));
        }
        return violations;
    }

    private static boolean looksLikeJson(byte[] document) {
        for (byte b : document) {
            if (!Character.isWhitespace(b) && b != (byte) 0xEF && b != (byte) 0xBB && b != (byte) 0xBF) {
                return b == '{' || b == '[';
            }
        }
        return false;
    }

    static String at(TokenStreamLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String describeMismatch(MismatchedInputException e) {
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

    private static List<Violation> distinct(List<Violation> violations) {
        Set<Violation> seen = new LinkedHashSet<>(violations);
        return new ArrayList<>(seen);
    }

    /** Collects every unknown field with its path instead of stopping at the first. */
    private static final class UnknownFieldCollector extends DeserializationProblemHandler {
        private final List<Violation> violations;

        UnknownFieldCollector(List<Violation> violations) {
            this.violations = violations;
        }

        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, ValueDeserializer<?> deserializer,
                                             Object beanOrClass, String propertyName) {
            TokenStreamContext context = p.streamReadContext();
            // the context already names the unknown field; its parent chain is the path to it
            violations.add(new Violation(path(context, null), "unknown field '" + propertyName + "'"));
            if (p.currentToken() == JsonToken.START_OBJECT || p.currentToken() == JsonToken.START_ARRAY) {
                p.skipChildren();
            }
            return true;
        }
    }
}
