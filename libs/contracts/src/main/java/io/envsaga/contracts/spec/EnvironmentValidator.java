package io.envsaga.contracts.spec;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.DeserializationProblemHandler;
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
            violations.add(new Violation(SpecPaths.path(e.getPath()), SpecPaths.describeMismatch(e)));
        } catch (JacksonException e) {
            violations.add(new Violation(SpecPaths.path(e.getPath()), e.getOriginalMessage()));
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
            String where = e instanceof StreamReadException read ? SpecPaths.at(read.getLocation()) : "";
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
            violations.add(new Violation(SpecPaths.path(v.getPropertyPath()), v.getMessage()));
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
            violations.add(new Violation(SpecPaths.path(context, null), "unknown field '" + propertyName + "'"));
            if (p.currentToken() == JsonToken.START_OBJECT || p.currentToken() == JsonToken.START_ARRAY) {
                p.skipChildren();
            }
            return true;
        }
    }
}
