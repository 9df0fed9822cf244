package io.envsaga.contracts.spec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * What workload-service would otherwise find only while rendering, mid-saga: a variable that
 * {@code uses:} also sets, a limit below its request, a probe with no port to probe. Refused at
 * submission instead, with the path.
 */
final class RenderRules {

    private RenderRules() {
    }

    static List<Violation> check(EnvironmentSpec spec) {
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < spec.workloads().size(); i++) {
            Workload workload = spec.workloads().get(i);
            if (workload != null) {
                check(workload, "spec.workloads[" + i + "]", violations);
            }
        }
        return violations;
    }

    private static void check(Workload workload, String at, List<Violation> violations) {
        for (Dependency dependency : workload.uses()) {
            if (dependency == null) {
                continue;
            }
            for (String variable : dependency.variables()) {
                if (workload.env().containsKey(variable)) {
                    violations.add(new Violation(at + ".env." + variable, "set by uses: " + dependency.name().toLowerCase()
                            + " (docs/conventions.md); remove it from env"));
                }
            }
        }
        if (workload.resources() != null && workload.resources().limits() != null) {
            Workload.Quantities requests = workload.resources().requests();
            Workload.Quantities limits = workload.resources().limits();
            below(limits.cpu(), requests == null ? null : requests.cpu(), TierCaps.DEFAULT_CPU_REQUEST, at + ".resources.limits.cpu", violations);
            below(limits.memory(), requests == null ? null : requests.memory(), TierCaps.DEFAULT_MEMORY_REQUEST,
                    at + ".resources.limits.memory", violations);
        }
        if (workload.probes() != null && workload.port() == null) {
            if (workload.probes().readiness() != null && workload.probes().readiness().port() == null) {
                violations.add(new Violation(at + ".probes.readiness.port", "required: the workload has no port"));
            }
            if (workload.probes().liveness() != null && workload.probes().liveness().port() == null) {
                violations.add(new Violation(at + ".probes.liveness.port", "required: the workload has no port"));
            }
        }
    }

    /** A limit below its request (the given one, else workload-service's default) is refused by Kubernetes. */
    private static void below(String limit, String request, String defaultRequest, String at, List<Violation> violations) {
        BigDecimal limitAmount = Quantities.parse(limit);
        String effective = request != null ? request : defaultRequest;
        BigDecimal requestAmount = Quantities.parse(effective);
        if (limitAmount != null && requestAmount != null && limitAmount.compareTo(requestAmount) < 0) {
            violations.add(new Violation(at, limit + " is below the request " + effective
                    + (request == null ? " (the default request)" : "")));
        }
    }
}
