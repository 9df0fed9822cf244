package io.envsaga.contracts.spec;

import java.util.EnumMap;
import java.util.Map;

/**
 * The configurable limits of the validator.
 *
 * @param maxReplicas       the most replicas one workload may ask for
 * @param maxDocumentBytes  the largest spec document accepted, before parsing
 * @param tiers             what one environment of each tier may ask for in total
 */
public record SpecLimits(int maxReplicas, int maxDocumentBytes, Map<Tier, TierCaps> tiers) {

    public static final int DEFAULT_MAX_REPLICAS = 20;
    public static final int DEFAULT_MAX_DOCUMENT_BYTES = 256 * 1024;

    public static SpecLimits defaults() {
        return new SpecLimits(DEFAULT_MAX_REPLICAS, DEFAULT_MAX_DOCUMENT_BYTES);
    }

    public SpecLimits(int maxReplicas, int maxDocumentBytes) {
        this(maxReplicas, maxDocumentBytes, Map.of());
    }

    public SpecLimits {
        if (maxReplicas < 0 || maxDocumentBytes <= 0) {
            throw new IllegalArgumentException("spec limits must be positive");
        }
        EnumMap<Tier, TierCaps> all = new EnumMap<>(Tier.class);
        for (Tier tier : Tier.values()) {
            all.put(tier, tiers != null && tiers.get(tier) != null ? tiers.get(tier) : TierCaps.defaults(tier));
        }
        tiers = Map.copyOf(all);
    }

    public TierCaps caps(Tier tier) {
        return tiers.get(tier);
    }
}
