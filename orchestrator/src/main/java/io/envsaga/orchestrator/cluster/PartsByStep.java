package io.envsaga.orchestrator.cluster;

import io.envsaga.contracts.events.Step;
import io.envsaga.contracts.spec.EnvironmentSpec;
import java.util.EnumMap;
import java.util.Map;

/** The steps a spec needs, each with the path of the part that needs it. */
final class PartsByStep {

    private PartsByStep() {
    }

    static Map<Step, String> of(EnvironmentSpec spec) {
        Map<Step, String> parts = new EnumMap<>(Step.class);
        if (spec.dns() != null) {
            parts.put(Step.DNS, "spec.dns");
        }
        if (!spec.workloads().isEmpty()) {
            parts.put(Step.WORKLOADS, "spec.workloads");
        } else if (spec.ingress() != null) {
            parts.put(Step.WORKLOADS, "spec.ingress");
        }
        if (spec.messaging() != null) {
            parts.put(Step.MESSAGING, "spec.messaging");
        }
        if (spec.cache() != null) {
            parts.put(Step.CACHE, "spec.cache");
        }
        if (spec.storage() != null) {
            parts.put(Step.STORAGE, "spec.storage");
        }
        return parts;
    }
}
