package io.envsaga.orchestrator.messaging;

import io.envsaga.contracts.events.Step;
import io.envsaga.orchestrator.cluster.ClusterProperties.Cluster;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code envsaga.orchestrator.step-users.<step>}: the broker user whose answers count for each
 * step of the default cluster (the broker vouches for a message's {@code user_id}); each other
 * cluster names its own in {@code envsaga.orchestrator.clusters[i].step-users.<step>}, so that a
 * step service of one cluster cannot answer for an environment of another (docs/clusters.md). A
 * step not configured expects the orchestrator's own broker user ({@code spring.rabbitmq.username}),
 * which is right when every service shares one user (development) and refuses every answer
 * otherwise, so that a forgotten setting fails closed. An answer without {@code user_id} never counts.
 */
@ConfigurationProperties("envsaga.orchestrator")
public record StepSenders(Map<String, String> stepUsers) {

    public StepSenders {
        stepUsers = stepUsers == null ? Map.of() : stepUsers;
        for (String step : stepUsers.keySet()) {
            Step.of(step.toLowerCase(Locale.ROOT)); // an unknown step is a configuration error at start-up
        }
    }

    /** The expected user of each step of an installation of one cluster, the orchestrator's own user where none is configured. */
    public Map<Step, String> resolve(String ownUser) {
        return resolve(ownUser, Map.of(), stepUsers);
    }

    /**
     * The expected user of each step on each cluster: the cluster's own {@code step-users}, then, on
     * the default cluster only, {@code envsaga.orchestrator.step-users}, then the orchestrator's own user.
     */
    public Map<String, Map<Step, String>> resolve(String ownUser, Collection<Cluster> clusters, String defaultCluster) {
        Map<String, Map<Step, String>> users = new LinkedHashMap<>();
        for (Cluster cluster : clusters) {
            users.put(cluster.name(), resolve(ownUser, cluster.stepUsers(), cluster.name().equals(defaultCluster) ? stepUsers : Map.of()));
        }
        return users;
    }

    private static Map<Step, String> resolve(String ownUser, Map<String, String> own, Map<String, String> fallback) {
        Map<Step, String> users = new EnumMap<>(Step.class);
        for (Step step : Step.values()) {
            users.put(step, own.getOrDefault(step.id(), fallback.getOrDefault(step.id(), ownUser)));
        }
        return users;
    }
}
