package io.envsaga.contracts.spec;

/**
 * The configurable limits of the validator.
 *
 * @param maxReplicas       the most replicas one workload may ask for
 * @param maxDocumentBytes  the largest spec document accepted, before parsing
 */
public record SpecLimits(int maxReplicas, int maxDocumentBytes) {

    public static final int DEFAULT_MAX_REPLICAS = 20;
    public static final int DEFAULT_MAX_DOCUMENT_BYTES = 256 * 1024;

    public static SpecLimits defaults() {
        return new SpecLimits(DEFAULT_MAX_REPLICAS, DEFAULT_MAX_DOCUMENT_BYTES);
    }

    public SpecLimits {
        if (maxReplicas < 0 || maxDocumentBytes <= 0) {
            throw new IllegalArgumentException("spec limits must be positive");
        }
    }
}
