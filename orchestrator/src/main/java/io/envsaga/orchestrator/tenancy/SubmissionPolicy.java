package io.envsaga.orchestrator.tenancy;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.SpecEffects;
import io.envsaga.contracts.spec.Workload;
import io.envsaga.orchestrator.saga.Phase;
import io.envsaga.orchestrator.saga.SagaState;
import io.envsaga.orchestrator.security.Action;
import io.envsaga.orchestrator.security.Grant;
import io.envsaga.orchestrator.security.Reach;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.springframework.security.access.AccessDeniedException;

/**
 * Whether an identity's grants let it submit a spec: its name (apply), every place the spec
 * reaches (tier, cluster, namespace, hosts, privileged workloads), and, when it would delete or stop
 * keeping anything of a live environment ({@link SpecEffects#lost}), the delete right. The refusal
 * names everything that is not allowed.
 */
public final class SubmissionPolicy {

    private SubmissionPolicy() {
    }

    /**
     * @param spec           placed on its cluster: {@code spec.cluster} is set
     * @param defaultCluster the one cluster a grant that names none allows
     */
    public static void check(String who, List<Grant> grants, Environment spec, Optional<SagaState> current, String defaultCluster) {
        String name = spec.name();
        List<Reach> reaches = grants.stream().filter(g -> g.allows(Action.APPLY, name)).map(Grant::reach).toList();
        if (reaches.isEmpty()) {
            throw new AccessDeniedException(who + " may not apply environment '" + name + "'");
        }
        List<String> refused = new ArrayList<>();
        if (!any(reaches, r -> r.allowsTier(spec.spec().tier()))) {
            refused.add("use tier '" + spec.spec().tier().name().toLowerCase() + "' (spec.tier)");
        }
        String cluster = spec.spec().cluster();
        if (!any(reaches, r -> r.allowsCluster(cluster, defaultCluster))) {
            refused.add("use cluster '" + cluster + "' (spec.cluster)");
        }
        if (!any(reaches, r -> r.allowsNamespace(name, spec.namespace()))) {
            refused.add("use namespace '" + spec.namespace() + "' (spec.namespace)");
        }
        if (spec.spec().dns() != null) {
            for (int i = 0; i < spec.spec().dns().hosts().size(); i++) {
                String host = spec.spec().dns().hosts().get(i);
                if (!any(reaches, r -> r.allowsHost(host))) {
                    refused.add("claim host '" + host + "' (spec.dns.hosts[" + i + "])");
                }
            }
        }
        for (int i = 0; i < spec.spec().workloads().size(); i++) {
            Workload workload = spec.spec().workloads().get(i);
            if (workload.privileged() && !any(reaches, Reach::privileged)) {
                refused.add("run workload '" + workload.name() + "' privileged (spec.workloads[" + i + "].privileged)");
            }
        }
        if (!refused.isEmpty()) {
            throw new AccessDeniedException(who + " may not, in environment '" + name + "': " + String.join("; ", refused));
        }
        Optional<SagaState> live = current.filter(s -> s.phase() != Phase.DELETED && s.spec() != null);
        if (live.isPresent() && grants.stream().noneMatch(g -> g.allows(Action.DELETE, name))) {
            List<String> lost = SpecEffects.lost(live.get().spec(), spec);
            if (!lost.isEmpty()) {
                throw new AccessDeniedException(who + " may not delete, and this spec would remove from environment '" + name + "': " + String.join(", ", lost));
            }
        }
    }

    private static boolean any(List<Reach> reaches, Predicate<Reach> test) {
        return reaches.stream().anyMatch(test);
    }
}
