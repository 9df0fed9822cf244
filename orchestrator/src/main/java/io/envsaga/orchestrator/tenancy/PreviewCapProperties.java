package io.envsaga.orchestrator.tenancy;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code envsaga.orchestrator.previews.*}: how many live previews (tier preview, any phase but
 * deleted) there may be at once; null is no cap (the default).
 *
 * @param maxPerIdentity per submitting identity ({@code token:codedang-ci}, {@code jwt:skkuding/codedang}, a broker user)
 * @param maxPerCluster  per cluster, whoever submitted them
 */
@ConfigurationProperties("envsaga.orchestrator.previews")
public record PreviewCapProperties(Integer maxPerIdentity, Integer maxPerCluster) {

    public PreviewCapProperties {
        if ((maxPerIdentity != null && maxPerIdentity < 0) || (maxPerCluster != null && maxPerCluster < 0)) {
            throw new IllegalArgumentException("envsaga.orchestrator.previews.max-per-identity and max-per-cluster must not be negative");
        }
    }
}
