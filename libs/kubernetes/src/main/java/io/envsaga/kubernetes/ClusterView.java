package io.envsaga.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;

/** What a readiness rule may look at besides its object: the environment's pods, from an informer's cache. */
@FunctionalInterface
public interface ClusterView {

    /** The pods of the environment's namespace whose labels include all of {@code selector}. */
    List<Pod> pods(Map<String, String> selector);
}
