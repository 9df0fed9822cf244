package io.envsaga.contracts.spec;

import java.math.BigDecimal;

/**
 * What one environment of a tier may ask for in total, so that a token allowed to make previews
 * cannot ask the cluster for everything it has. Requests a workload does not give count as
 * workload-service's defaults ({@link #DEFAULT_CPU_REQUEST}, {@link #DEFAULT_MEMORY_REQUEST}).
 *
 * @param maxWorkloads     entries of {@code spec.workloads}
 * @param maxHosts         hosts the environment claims ({@code spec.dns.hosts})
 * @param maxTotalReplicas the sum of the workloads' replicas
 * @param maxCpu           the sum of replicas x CPU request, a quantity such as {@code 16}
 * @param maxMemory        the sum of replicas x memory request, a quantity such as {@code 32Gi}
 */
public record TierCaps(int maxWorkloads, int maxHosts, int maxTotalReplicas, String maxCpu, String maxMemory) {

    public static final String DEFAULT_CPU_REQUEST = "100m";
    public static final String DEFAULT_MEMORY_REQUEST = "128Mi";

    public TierCaps {
        if (maxWorkloads < 0 || maxHosts < 0 || maxTotalReplicas < 0 || Quantities.parse(maxCpu) == null
                || Quantities.parse(maxMemory) == null) {
            throw new IllegalArgumentException("tier caps must be non-negative numbers and quantities");
        }
    }

    /**
     * Codedang's production is 4 workloads, 11 replicas, 1 host, about 2.3 CPUs and 4 GiB of
     * requests; the defaults leave it room to grow several times over.
     */
    public static TierCaps defaults(Tier tier) {
        return switch (tier) {
            case PRODUCTION -> new TierCaps(40, 20, 120, "64", "128Gi");
            case STAGE -> new TierCaps(40, 20, 60, "32", "64Gi");
            case PREVIEW -> new TierCaps(20, 5, 30, "8", "16Gi");
        };
    }

    BigDecimal cpu() {
        return Quantities.parse(maxCpu);
    }

    BigDecimal memory() {
        return Quantities.parse(maxMemory);
    }
}
