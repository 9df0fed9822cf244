package io.envsaga.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * When an applied object is ready. Evaluated on the informers' view of the cluster each time the
 * object (or, for rules that {@link #needsPods() need pods}, one of the environment's pods)
 * changes; never by polling. See {@link ReadinessRules} for the usual ones.
 */
@FunctionalInterface
public interface ReadinessRule {

    /**
     * @param current the object as the cluster has it now, or {@code null} while it is not (yet) seen
     * @param name    the object's name, for messages
     * @param cluster the rest of what the informers see
     */
    Readiness check(HasMetadata current, String name, ClusterView cluster);

    /** Whether the rule looks at pods (to fail fast with their reasons). */
    default boolean needsPods() {
        return false;
    }

    /** Whether the rule looks at StatefulSets of the namespace that are not the step's (an operator's, see {@link ClusterView#statefulSet}). */
    default boolean needsStatefulSets() {
        return false;
    }

    /** Whether the object must be watched at all; false for objects that are ready once applied. */
    default boolean needsWatch() {
        return true;
    }
}
