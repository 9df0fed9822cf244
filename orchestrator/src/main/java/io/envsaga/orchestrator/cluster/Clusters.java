package io.envsaga.orchestrator.cluster;

import io.envsaga.contracts.events.Step;
import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.EnvironmentSpec;
import io.envsaga.contracts.spec.InvalidSpecException;
import io.envsaga.contracts.spec.Violation;
import io.envsaga.orchestrator.cluster.ClusterProperties.Cluster;
import io.envsaga.orchestrator.saga.Placement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Where a spec lives: {@link #place} names its cluster in the spec ({@code spec.cluster}, or the
 * default cluster), so that the stored generation says it and a later change of the default
 * cluster moves nothing; it refuses, with the path, a cluster the orchestrator does not know and a
 * part whose step the cluster does not run.
 */
@Component
@EnableConfigurationProperties(ClusterProperties.class)
public class Clusters implements Placement {

    private final Map<String, Cluster> byName = new LinkedHashMap<>();
    private final String defaultCluster;

    public Clusters(ClusterProperties properties) {
        properties.clusters().forEach(cluster -> byName.put(cluster.name(), cluster));
        this.defaultCluster = properties.defaultCluster();
    }

    public String defaultCluster() {
        return defaultCluster;
    }

    /** The cluster a stored spec lives on: a spec stored before clusters were named lives on the default cluster. */
    public String of(EnvironmentSpec spec) {
        return spec.cluster() != null ? spec.cluster() : defaultCluster;
    }

    @Override
    public String clusterOf(EnvironmentSpec spec) {
        return of(spec);
    }

    /** The steps {@code cluster} runs; every step for a cluster no longer configured (its environments' commands find no queue). */
    @Override
    public Set<Step> stepsOf(String cluster) {
        Cluster known = byName.get(cluster);
        return known == null ? EnumSet.allOf(Step.class) : known.steps();
    }

    /** Whether {@code name} is a configured cluster. */
    public boolean knows(String name) {
        return byName.containsKey(name);
    }

    /** What is wrong with a cluster name that is not configured: it, and the ones that are. */
    public String unknown(String name) {
        return "unknown cluster '" + name + "': this orchestrator knows " + String.join(", ", byName.keySet());
    }

    /** Every cluster, as configured. */
    public Collection<Cluster> all() {
        return byName.values();
    }

    /** Each cluster's name and steps: the step queues the bus has (BusTopology#all). */
    public Map<String, Set<Step>> stepsByCluster() {
        Map<String, Set<Step>> steps = new LinkedHashMap<>();
        byName.forEach((name, cluster) -> steps.put(name, cluster.steps()));
        return steps;
    }

    /**
     * @return the spec with its cluster named
     * @throws InvalidSpecException for an unknown cluster ({@code spec.cluster}) or a part the cluster has no step for
     */
    public Environment place(Environment environment) {
        EnvironmentSpec spec = environment.spec();
        String name = of(spec);
        Cluster cluster = byName.get(name);
        if (cluster == null) {
            throw new InvalidSpecException(List.of(new Violation("spec.cluster", unknown(name))));
        }
        List<Violation> missing = new ArrayList<>();
        PartsByStep.of(spec).forEach((step, path) -> {
            if (!cluster.steps().contains(step)) {
                missing.add(new Violation(path, "cluster '" + name + "' runs no " + step.id() + " step (it runs "
                        + Arrays.stream(Step.values()).filter(cluster.steps()::contains).map(Step::id).collect(Collectors.joining(", ")) + ")"));
            }
        });
        if (!missing.isEmpty()) {
            throw new InvalidSpecException(missing);
        }
        return name.equals(spec.cluster()) ? environment
                : new Environment(environment.apiVersion(), environment.kind(), environment.metadata(), spec.onCluster(name));
    }

    /**
     * Moving a live environment to another cluster is refused (docs/clusters.md says how to move one by hand).
     *
     * @return the violation at {@code spec.cluster} when {@code placed} is on another cluster than {@code live}
     */
    public Optional<Violation> move(EnvironmentSpec live, Environment placed) {
        String from = of(live);
        String to = of(placed.spec());
        if (from.equals(to)) {
            return Optional.empty();
        }
        return Optional.of(new Violation("spec.cluster", "environment '" + placed.name() + "' lives on cluster '" + from
                + "'; it cannot move to '" + to + "' in place: delete it, then submit it on '" + to + "' (docs/clusters.md)"));
    }
}
