package io.envsaga.chaos;

import io.envsaga.contracts.events.ClusterRoute;
import io.envsaga.simulation.kubernetes.SimulatedKubelet;
import io.envsaga.simulation.specs.TestSpecs;

/**
 * What one environment of a scenario goes through, and how it must end; submitted through REST or,
 * {@code viaIntake}, the intake exchange; on {@code cluster} ({@code spec.cluster}; the default cluster when null).
 */
record Script(String name, Kind kind, boolean viaIntake, String cluster) {

    Script(String name, Kind kind, boolean viaIntake) {
        this(name, kind, viaIntake, null);
    }

    enum Kind {
        /** Applied; ends READY. */
        READY("app:1", "ready"),
        /** Applied with a rollout that takes a while (a slow step); ends READY. */
        SLOW("app" + SimulatedKubelet.SLOW_TAG, "ready"),
        /** Applied with an image that cannot be pulled: the workloads step fails, the saga rolls back; ends FAILED, every step released. */
        BROKEN("app" + SimulatedKubelet.BROKEN_TAG, "failed"),
        /** Applied, then deleted once ready; ends DELETED. */
        DELETED("app:1", "deleted");

        final String image;
        final String phase;

        Kind(String image, String phase) {
            this.image = "ghcr.io/envsaga-chaos/" + image;
            this.phase = phase;
        }
    }

    String yaml() {
        String yaml = TestSpecs.previewYaml(name, kind.image);
        return cluster == null ? yaml : yaml.replace("spec:\n", "spec:\n  cluster: " + cluster + "\n");
    }

    /** The cluster it lives on. */
    String clusterName() {
        return cluster == null ? ClusterRoute.DEFAULT : cluster;
    }

    /** Whether nothing of it may remain anywhere once settled. */
    boolean released() {
        return kind == Kind.BROKEN || kind == Kind.DELETED;
    }
}
