package io.envsaga.bus;

import io.envsaga.contracts.spec.SpecLimits;
import io.envsaga.contracts.spec.Tier;
import io.envsaga.contracts.spec.TierCaps;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code envsaga.spec.*}: the validator's limits, the same keys in every component.
 *
 * @param tiers per tier ({@code production}, {@code stage}, {@code preview}), the caps to change; the rest keep their defaults
 */
@ConfigurationProperties("envsaga.spec")
public record SpecLimitsProperties(Integer maxReplicas, Integer maxDocumentBytes, Map<String, Caps> tiers) {
    public SpecLimitsProperties {
        maxReplicas = maxReplicas == null ? SpecLimits.DEFAULT_MAX_REPLICAS : maxReplicas;
        maxDocumentBytes = maxDocumentBytes == null ? SpecLimits.DEFAULT_MAX_DOCUMENT_BYTES : maxDocumentBytes;
        tiers = tiers == null ? Map.of() : tiers;
    }

    /** {@code envsaga.spec.tiers.<tier>.*}: unset fields keep the tier's default ({@link TierCaps#defaults}). */
    public record Caps(Integer maxWorkloads, Integer maxHosts, Integer maxTotalReplicas, String maxCpu, String maxMemory) {
        TierCaps over(TierCaps defaults) {
            return new TierCaps(maxWorkloads != null ? maxWorkloads : defaults.maxWorkloads(),
                    maxHosts != null ? maxHosts : defaults.maxHosts(),
                    maxTotalReplicas != null ? maxTotalReplicas : defaults.maxTotalReplicas(),
                    maxCpu != null ? maxCpu : defaults.maxCpu(), maxMemory != null ? maxMemory : defaults.maxMemory());
        }
    }

    public SpecLimits limits() {
        Map<Tier, TierCaps> caps = new EnumMap<>(Tier.class);
        tiers.forEach((name, given) -> {
            Tier tier = Tier.valueOf(name.toUpperCase(Locale.ROOT));
            caps.put(tier, given.over(TierCaps.defaults(tier)));
        });
        return new SpecLimits(maxReplicas, maxDocumentBytes, caps);
    }
}
