package io.envsaga.contracts.spec;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.SerializableString;
import tools.jackson.core.sym.PropertyNameMatcher;
import tools.jackson.core.util.JsonParserDelegate;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLParser;

/**
 * Reads a YAML document into a tree in one pass, refusing aliases as they come: Jackson would read
 * an alias as its anchor's name, silently changing the spec, and an alias bomb must not cost
 * memory. (It used to stream the whole document once for aliases and parse it again for the tree:
 * a quarter of a submission's HTTP time was the spec's validation.)
 */
final class YamlTrees {

    /** The document has an alias; {@link #violation} says where. */
    static final class AliasRefused extends RuntimeException {
        final transient Violation violation;

        AliasRefused(Violation violation) {
            super(violation.message(), null, false, false);
            this.violation = violation;
        }
    }

    private YamlTrees() {
    }

    /** @throws AliasRefused at the first alias (possibly wrapped in a {@link JacksonException} as its cause) */
    static JsonNode read(byte[] document) {
        try (JsonParser parser = new AliasRefusing(SpecMapper.yaml().createParser(document))) {
            return SpecMapper.yaml().readTree(parser);
        }
    }

    /** The refusal, if this exception is one or was caused by one. */
    static Violation refusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AliasRefused refused) {
                return refused.violation;
            }
        }
        return null;
    }

    /** Every way a reader advances goes through {@link #check}. */
    private static final class AliasRefusing extends JsonParserDelegate {

        AliasRefusing(JsonParser yaml) {
            super(yaml);
        }

        private <T> T check(T advanced) {
            if (((YAMLParser) delegate()).isCurrentAlias()) {
                throw new AliasRefused(new Violation(SpecPaths.path(streamReadContext(), null),
                        "YAML aliases are not supported" + SpecPaths.at(currentTokenLocation()) + " (write the value out)"));
            }
            return advanced;
        }

        @Override
        public JsonToken nextToken() {
            return check(super.nextToken());
        }

        @Override
        public JsonToken nextValue() {
            return check(super.nextValue());
        }

        @Override
        public String nextName() {
            return check(super.nextName());
        }

        @Override
        public boolean nextName(SerializableString expected) {
            return check(super.nextName(expected));
        }

        @Override
        public int nextNameMatch(PropertyNameMatcher matcher) {
            return check(super.nextNameMatch(matcher));
        }
    }
}
