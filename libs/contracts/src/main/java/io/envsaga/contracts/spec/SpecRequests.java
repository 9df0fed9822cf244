package io.envsaga.contracts.spec;

import java.math.BigDecimal;

/**
 * What an environment's workloads ask of the cluster in total: replicas, and replicas x request of
 * CPU (cores) and memory (bytes), a workload without requests counted at workload-service's
 * defaults ({@link TierCaps#DEFAULT_CPU_REQUEST}, {@link TierCaps#DEFAULT_MEMORY_REQUEST}). The
 * one sum behind the tier caps ({@link BoundsRules}) and the orchestrator's quotas per identity.
 */
public record SpecRequests(long replicas, BigDecimal cpu, BigDecimal memory) {

    public static final SpecRequests NONE = new SpecRequests(0, BigDecimal.ZERO, BigDecimal.ZERO);

    public static SpecRequests of(EnvironmentSpec spec) {
        long replicas = 0;
        BigDecimal cpu = BigDecimal.ZERO;
        BigDecimal memory = BigDecimal.ZERO;
        for (Workload workload : spec.workloads()) {
            if (workload == null) {
                continue;
            }
            replicas += workload.replicas();
            Workload.Quantities requests = workload.resources() == null ? null : workload.resources().requests();
            cpu = cpu.add(request(requests == null ? null : requests.cpu(), TierCaps.DEFAULT_CPU_REQUEST, workload.replicas()));
            memory = memory.add(request(requests == null ? null : requests.memory(), TierCaps.DEFAULT_MEMORY_REQUEST, workload.replicas()));
        }
        return new SpecRequests(replicas, cpu, memory);
    }

    private static BigDecimal request(String given, String fallback, int replicas) {
        BigDecimal amount = Quantities.parse(given);
        return (amount == null ? Quantities.parse(fallback) : amount).multiply(BigDecimal.valueOf(replicas));
    }

    /** Memory as people read it, rounded up to a tenth: {@code 1.5Gi}. */
    public static String gibibytes(BigDecimal bytes) {
        return bytes.divide(BigDecimal.valueOf(2).pow(30), 1, java.math.RoundingMode.UP).stripTrailingZeros().toPlainString() + "Gi";
    }
}
