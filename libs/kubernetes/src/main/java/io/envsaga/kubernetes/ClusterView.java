package io.envsaga.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a readiness rule may look at besides its object: the environment's pods and, for rules
 * that {@link ReadinessRule#needsStatefulSets() need them}, the StatefulSets operators made in its
 * namespace, from informers' caches.
 */
@FunctionalInterface
public interface ClusterView {

    /** The pods of the environment's namespace whose labels include all of {@code selector}. */
    List<Pod> pods(Map<String, String> selector);

    /** The StatefulSet {@code name} of the environment's namespace (an operator's, e.g. a RabbitmqCluster's {@code <name>-server}). */
    default Optional<StatefulSet> statefulSet(String name) {
        return Optional.empty();
    }
}
