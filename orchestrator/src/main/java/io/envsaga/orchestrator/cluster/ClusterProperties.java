package io.envsaga.orchestrator.cluster;

import io.envsaga.contracts.events.Step;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * {@code envsaga.orchestrator.clusters} and {@code envsaga.orchestrator.default-cluster}: the
 * Kubernetes clusters environments may live on, and the steps each one runs. Who may target which
 * cluster is a grant ({@code clusters} of a token, a JWT rule or an intake submitter), as namespaces
 * and hosts are. Without configuration there is one cluster, {@code default}, with every step: an
 * installation of one cluster is configured as before.
 *
 * @param clusters       each cluster's name (an RFC 1123 label, as {@code spec.cluster}) and steps (every step when empty)
 * @param defaultCluster the cluster of a spec without {@code spec.cluster}; the only cluster when there is one
 */
@ConfigurationProperties("envsaga.orchestrator")
public record ClusterProperties(List<Cluster> clusters, String defaultCluster) {

    public static final String DEFAULT = "default";

    public ClusterProperties {
        clusters = clusters == null || clusters.isEmpty() ? List.of(new Cluster(DEFAULT, null)) : List.copyOf(clusters);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < clusters.size(); i++) {
            String name = clusters.get(i).name();
            if (name == null || !name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?") || name.length() > 63) {
                throw new IllegalArgumentException("envsaga.orchestrator.clusters[" + i + "].name must be an RFC 1123 label, got " + name);
            }
            if (name.equals("dlq")) {
                throw new IllegalArgumentException("envsaga.orchestrator.clusters[" + i + "].name cannot be 'dlq': its step queues"
                        + " would be the dead-letter queues of the cluster 'default' (docs/clusters.md)");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("envsaga.orchestrator.clusters[" + i + "].name: '" + name + "' is named twice");
            }
        }
        if (defaultCluster == null || defaultCluster.isBlank()) {
            if (clusters.size() > 1) {
                throw new IllegalArgumentException("envsaga.orchestrator.default-cluster is required with more than one cluster ("
                        + String.join(", ", names) + ")");
            }
            defaultCluster = clusters.get(0).name();
        } else if (!names.contains(defaultCluster)) {
            throw new IllegalArgumentException("envsaga.orchestrator.default-cluster '" + defaultCluster + "' is none of the clusters ("
                    + String.join(", ", names) + ")");
        }
    }

    /**
     * @param name      the cluster's name, as {@code spec.cluster} names it
     * @param steps     the steps whose services run on it; a spec that needs another is refused, and the saga of an
     *                  environment on it neither commands nor awaits another
     * @param stepUsers the broker user of each step's service on this cluster, whose answers count for its environments
     *                  only ({@code StepSenders}); a step not named here: {@code envsaga.orchestrator.step-users} on the
     *                  default cluster, the orchestrator's own user on any other
     */
    public record Cluster(String name, Set<Step> steps, Map<String, String> stepUsers) {
        @ConstructorBinding
        public Cluster {
            steps = steps == null || steps.isEmpty() ? Set.copyOf(EnumSet.allOf(Step.class)) : Set.copyOf(steps);
            stepUsers = stepUsers == null ? Map.of() : Map.copyOf(stepUsers);
            for (String step : stepUsers.keySet()) {
                Step.of(step.toLowerCase(Locale.ROOT)); // an unknown step is a configuration error at start-up
            }
        }

        public Cluster(String name, Set<Step> steps) {
            this(name, steps, null);
        }
    }
}
