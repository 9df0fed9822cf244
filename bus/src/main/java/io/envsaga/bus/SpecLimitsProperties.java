package io.envsaga.bus;

import io.envsaga.contracts.spec.SpecLimits;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code envsaga.spec.*}: the validator's limits, the same keys in every component. */
@ConfigurationProperties("envsaga.spec")
public record SpecLimitsProperties(Integer maxReplicas, Integer maxDocumentBytes) {
    public SpecLimitsProperties {
        maxReplicas = maxReplicas == null ? SpecLimits.DEFAULT_MAX_REPLICAS : maxReplicas;
        maxDocumentBytes = maxDocumentBytes == null ? SpecLimits.DEFAULT_MAX_DOCUMENT_BYTES : maxDocumentBytes;
    }
}
