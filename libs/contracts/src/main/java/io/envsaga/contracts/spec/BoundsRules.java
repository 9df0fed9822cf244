package io.envsaga.contracts.spec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** The caps of a tier ({@link TierCaps}): what one environment may ask of the cluster in total. */
final class BoundsRules {

    private BoundsRules() {
    }

    static List<Violation> check(EnvironmentSpec spec, TierCaps caps) {
        List<Violation> violations = new ArrayList<>();
        String tier = spec.tier().name().toLowerCase();
        if (spec.workloads().size() > caps.maxWorkloads()) {
            violations.add(new Violation("spec.workloads", spec.workloads().size() + " workloads; a " + tier
                    + " environment may have at most " + caps.maxWorkloads() + " (envsaga.spec.tiers." + tier + ".max-workloads)"));
        }
        if (spec.dns() != null && spec.dns().hosts().size() > caps.maxHosts()) {
            violations.add(new Violation("spec.dns.hosts", spec.dns().hosts().size() + " hosts; a " + tier
                    + " environment may claim at most " + caps.maxHosts() + " (envsaga.spec.tiers." + tier + ".max-hosts)"));
        }
        SpecRequests requests = SpecRequests.of(spec);
        long replicas = requests.replicas();
        BigDecimal cpu = requests.cpu();
        BigDecimal memory = requests.memory();
        if (replicas > caps.maxTotalReplicas()) {
            violations.add(new Violation("spec.workloads", replicas + " replicas in total; a " + tier + " environment may run at most "
                    + caps.maxTotalReplicas() + " (envsaga.spec.tiers." + tier + ".max-total-replicas)"));
        }
        if (cpu.compareTo(caps.cpu()) > 0) {
            violations.add(new Violation("spec.workloads", "the workloads request " + cpu.stripTrailingZeros().toPlainString()
                    + " CPUs in total; a " + tier + " environment may request at most " + caps.maxCpu() + " (envsaga.spec.tiers." + tier + ".max-cpu)"));
        }
        if (memory.compareTo(caps.memory()) > 0) {
            violations.add(new Violation("spec.workloads", "the workloads request " + SpecRequests.gibibytes(memory) + " of memory in total; a " + tier
                    + " environment may request at most " + caps.maxMemory() + " (envsaga.spec.tiers." + tier + ".max-memory)"));
        }
        return violations;
    }
}
