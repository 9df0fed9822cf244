package io.envsaga.orchestrator.tenancy;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.InvalidSpecException;
import io.envsaga.contracts.spec.MessagingChanges;
import io.envsaga.contracts.spec.Violation;
import io.envsaga.orchestrator.cluster.Clusters;
import io.envsaga.orchestrator.saga.Phase;
import io.envsaga.orchestrator.saga.SagaState;
import io.envsaga.orchestrator.security.Grant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Every check of a spec beyond the validator's (which judges a spec alone, at the door): against
 * who submits it ({@link SubmissionPolicy}: names, tiers, places, the delete right for whatever it
 * would delete or stop keeping, {@link io.envsaga.contracts.spec.SpecEffects}) and against the environment as it is under its lock (its cluster, which
 * does not change in place; what RabbitMQ cannot change in place, against the last spec and the
 * last good one, so that a rollback could not hit it either). Run by {@link Submissions} for REST and the intake alike, before the saga takes the spec.
 */
final class SubmissionChecks {

    private SubmissionChecks() {
    }

    /**
     * @throws org.springframework.security.access.AccessDeniedException outside the grants
     * @param spec placed on its cluster ({@link Clusters#place})
     * @throws InvalidSpecException when it changes what cannot change in place
     */
    static void check(String who, List<Grant> grants, Environment spec, Optional<SagaState> current, Clusters clusters) {
        SubmissionPolicy.check(who, grants, spec, current, clusters.defaultCluster());
        Optional<SagaState> live = current.filter(state -> state.phase() != Phase.DELETED);
        if (live.isPresent()) {
            LinkedHashSet<Violation> impossible = new LinkedHashSet<>();
            clusters.move(live.get().spec().spec(), spec).ifPresent(impossible::add);
            impossible.addAll(MessagingChanges.impossible(live.get().spec(), spec));
            impossible.addAll(MessagingChanges.impossible(live.get().lastGoodSpec(), spec));
            if (!impossible.isEmpty()) {
                throw new InvalidSpecException(List.copyOf(impossible));
            }
        }
    }
}
