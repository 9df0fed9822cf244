package io.envsaga.contracts.spec;

import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * The Jackson mappers for spec documents, hardened for untrusted input: bounded nesting and
 * string sizes, duplicate keys rejected, and (for YAML) no alias expansion beyond a few.
 */
public final class SpecMapper {

    /** Deeper than any real spec (about 6 levels), shallow enough to stop pathological nesting. */
    static final int MAX_NESTING_DEPTH = 32;

    private static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING_DEPTH)
            .maxStringLength(SpecLimits.DEFAULT_MAX_DOCUMENT_BYTES)
            .maxNameLength(1024)
            .build();

    private static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(CONSTRAINTS)
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .streamReadConstraints(CONSTRAINTS)
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .loadSettings(LoadSettings.builder()
                            .setMaxAliasesForCollections(10)
                            .setAllowRecursiveKeys(false)
                            .setCodePointLimit(SpecLimits.DEFAULT_MAX_DOCUMENT_BYTES)
                            .build())
                    .build())
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .build();

    private SpecMapper() {
    }

    public static JsonMapper json() {
        return JSON;
    }

    public static YAMLMapper yaml() {
        return YAML;
    }

    /** The spec as YAML, as a person would write it. */
    public static String toYaml(Environment environment) {
        return YAML.writeValueAsString(environment);
    }

    public static String toJson(Environment environment) {
        return JSON.writeValueAsString(environment);
    }
}
