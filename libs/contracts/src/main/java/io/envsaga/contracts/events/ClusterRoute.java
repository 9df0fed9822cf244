package io.envsaga.contracts.events;

/**
 * How a cluster appears in what the broker routes on (docs/clusters.md): the orchestrator's three
 * commands for an environment on cluster {@code c} go with the routing key
 * {@code environment.requested.c} to the queues {@code <prefix>.step.<step>.c}, so that a step
 * service of one cluster never receives another's command. The cluster {@code default} (the one
 * cluster of an installation that names none) keeps the names it had before clusters: no suffix.
 */
public final class ClusterRoute {

    /** The cluster of an installation that configures none. */
    public static final String DEFAULT = "default";

    private ClusterRoute() {
    }

    /** A cluster name as routing keys and queue names carry it: an RFC 1123 label, and not {@code dlq} (a queue's DLQ suffix). */
    public static String checked(String cluster) {
        if (cluster == null || cluster.length() > 63 || !cluster.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
            throw new IllegalArgumentException("a cluster's name must be an RFC 1123 label: " + cluster);
        }
        if (cluster.equals("dlq")) {
            throw new IllegalArgumentException("'dlq' cannot name a cluster: its step queues would be the default cluster's dead-letter queues");
        }
        return cluster;
    }

    /** What a name or key of {@code cluster} ends with: nothing for the default cluster (or none named), else {@code .<cluster>}. */
    public static String suffix(String cluster) {
        return cluster == null || cluster.equals(DEFAULT) ? "" : "." + checked(cluster);
    }

    /** The cluster an event names, the default cluster when it names none (an event of a service older than clusters). */
    public static String orDefault(String cluster) {
        return cluster == null ? DEFAULT : cluster;
    }
}
