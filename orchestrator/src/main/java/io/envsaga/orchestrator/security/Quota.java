package io.envsaga.orchestrator.security;

import io.envsaga.contracts.spec.Quantities;
import java.math.BigDecimal;
import java.util.List;

/**
 * What one identity may hold at once across its live environments (those it submitted last, in
 * any phase but deleted): how many, and their workloads' CPU and memory requests in total
 * ({@link io.envsaga.contracts.spec.SpecRequests}). A null field is no limit.
 *
 * @param environments the number of live environments
 * @param cpu          a quantity of cores, such as {@code 8} or {@code 2500m}
 * @param memory       a quantity of bytes, such as {@code 16Gi}
 */
public record Quota(Integer environments, String cpu, String memory) {

    /** No limit at all: the default, and the admin's. */
    public static final Quota NONE = new Quota(null, null, null);

    public Quota {
        if (environments != null && environments < 0) {
            throw new IllegalArgumentException("quota.environments must not be negative");
        }
        if (cpu != null && Quantities.parse(cpu) == null) {
            throw new IllegalArgumentException("quota.cpu must be a quantity such as 8 or 2500m, not '" + cpu + "'");
        }
        if (memory != null && Quantities.parse(memory) == null) {
            throw new IllegalArgumentException("quota.memory must be a quantity such as 16Gi, not '" + memory + "'");
        }
    }

    public static Quota orNone(Quota quota) {
        return quota == null ? NONE : quota;
    }

    public boolean limited() {
        return environments != null || cpu != null || memory != null;
    }

    public BigDecimal cpuCores() {
        return cpu == null ? null : Quantities.parse(cpu);
    }

    public BigDecimal memoryBytes() {
        return memory == null ? null : Quantities.parse(memory);
    }

    /**
     * The quota of an identity whose grants carry these: the largest of each limit, and no limit
     * where any of them has none (a grant never takes away what another gives).
     */
    public static Quota mostGenerous(List<Quota> quotas) {
        if (quotas.isEmpty()) {
            return NONE;
        }
        Integer environments = 0;
        String cpu = "0";
        String memory = "0";
        for (Quota quota : quotas) {
            environments = environments == null || quota.environments() == null ? null : Math.max(environments, quota.environments());
            cpu = cpu == null || quota.cpu() == null ? null : Quantities.parse(quota.cpu()).compareTo(Quantities.parse(cpu)) > 0 ? quota.cpu() : cpu;
            memory = memory == null || quota.memory() == null ? null
                    : Quantities.parse(quota.memory()).compareTo(Quantities.parse(memory)) > 0 ? quota.memory() : memory;
        }
        return new Quota(environments, cpu, memory);
    }
}
