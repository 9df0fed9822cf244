package io.envsaga.orchestrator.cluster;

import io.envsaga.contracts.events.Step;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

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
     * @param name  the cluster's name, as {@code spec.cluster} names it
     * @param steps the steps whose services run on it; a spec that needs another is refused
     */
    public record Cluster(String name, Set<Step> steps) {
        public Cluster {
            steps = steps == null || steps.isEmpty() ? Set.copyOf(EnumSet.allOf(Step.class)) : Set.copyOf(steps);
        }
    }
}
