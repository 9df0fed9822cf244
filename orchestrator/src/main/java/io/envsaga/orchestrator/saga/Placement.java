package io.envsaga.orchestrator.saga;

import io.envsaga.contracts.events.ClusterRoute;
import io.envsaga.contracts.events.Step;
import io.envsaga.contracts.spec.EnvironmentSpec;
import java.util.EnumSet;
import java.util.Set;

/**
 * Where an environment lives, as the saga needs it: its cluster, and the steps that cluster runs,
 * which are the steps the saga commands and awaits (docs/clusters.md). Read from configuration:
 * no I/O, so that {@link SagaEngine} stays pure.
 */
public interface Placement {

    /** The cluster a stored spec lives on. */
    String clusterOf(EnvironmentSpec spec);

    /** The steps whose services run on {@code cluster}. */
    Set<Step> stepsOf(String cluster);

    /** An installation of one cluster, {@code default}, with every step (as before clusters). */
    static Placement oneCluster() {
        return new Placement() {
            @Override
            public String clusterOf(EnvironmentSpec spec) {
                return spec.cluster() != null ? spec.cluster() : ClusterRoute.DEFAULT;
            }

            @Override
            public Set<Step> stepsOf(String cluster) {
                return EnumSet.allOf(Step.class);
            }
        };
    }
}
