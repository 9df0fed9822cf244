package io.envsaga.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a readiness rule may look at besides its object: the
 * environment's pods, and (for rules that {@link ReadinessRule#needsStatefulSets() need them})
 * the StatefulSets of its namespace, an operator's included.
 */
@FunctionalInterface
public interface ClusterView {

    /** The pods of the environment's namespace whose labels include all of {@code selector}. */
    List<Pod> pods(Map<String, String> selector);

    /**
     * The StatefulSet {@code name} of the environment's namespace, whoever made it (an operator's
     * has none of the step's labels); empty while there is none or the rule did not ask for
     * StatefulSets.
     */
    default Optional<StatefulSet> statefulSet(String name) {
        return Optional.empty();
    }
}
