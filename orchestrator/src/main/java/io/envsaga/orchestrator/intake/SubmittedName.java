package io.envsaga.orchestrator.intake;

import io.envsaga.contracts.spec.SpecMapper;
import tools.jackson.databind.JsonNode;

/**
 * The {@code metadata.name} of a submitted document, read as leniently as possible (also from a
 * spec that is otherwise invalid), so that the submission and its rejection are filed under the
 * environment the spec names, never under a header the submitter chose.
 */
public final class SubmittedName {

    /** Where a submission whose document names no environment is filed. */
    public static final String UNKNOWN = "unknown";

    /** Larger documents are refused by the validator before parsing; they are not parsed here either. */
    private static final int MAX_BYTES = 1024 * 1024;

    private SubmittedName() {
    }

    public static String of(byte[] document) {
        if (document == null || document.length == 0 || document.length > MAX_BYTES) {
            return UNKNOWN;
        }
        try {
            String text = new String(document, java.nio.charset.StandardCharsets.UTF_8).stripLeading();
            JsonNode tree = (text.startsWith("{") ? SpecMapper.json() : SpecMapper.yaml()).readTree(document);
            JsonNode name = tree == null ? null : tree.path("metadata").path("name");
            return name != null && name.isString() && !name.asString().isBlank() ? truncate(name.asString()) : UNKNOWN;
        } catch (RuntimeException e) {
            return UNKNOWN;
        }
    }

    private static String truncate(String name) {
        return name.length() > 200 ? name.substring(0, 200) : name;
    }
}
