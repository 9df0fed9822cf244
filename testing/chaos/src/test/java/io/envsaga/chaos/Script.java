package io.envsaga.chaos;

import io.envsaga.simulation.kubernetes.SimulatedKubelet;
import io.envsaga.simulation.specs.TestSpecs;

/** What one environment of a scenario goes through, and how it must end; submitted through REST or, {@code viaIntake}, the intake exchange. */
record Script(String name, Kind kind, boolean viaIntake) {

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
        return TestSpecs.previewYaml(name, kind.image);
    }

    /** Whether nothing of it may remain anywhere once settled. */
    boolean released() {
        return kind == Kind.BROKEN || kind == Kind.DELETED;
    }
}
