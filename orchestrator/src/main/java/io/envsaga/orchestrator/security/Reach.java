package io.envsaga.orchestrator.security;

import io.envsaga.contracts.spec.Tier;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The places a grant lets an environment reach, beyond its name: the namespaces it may live in,
 * the hosts it may claim, whether it may run privileged workloads, the tiers it may be of, the
 * clusters it may live on, and what the identity may spend in all ({@link Quota}).
 *
 * @param namespaces globs; empty means only the namespace named like the environment (the default)
 * @param hosts      globs such as {@code *.preview.codedang.com}; empty means no host at all
 * @param privileged whether workloads may run with {@code privileged: true}
 * @param tiers      the tiers ({@code spec.tier}) it may submit; empty means every tier (the default, as before tiers were granted)
 * @param quota      what the identity may hold across its live environments; {@link Quota#NONE} by default
 * @param clusters   globs of the clusters ({@code spec.cluster}) it may target; empty means only the default cluster, so
 *                   that adding a cluster never widens a grant written before it (docs/clusters.md)
 */
public record Reach(List<NamePattern> namespaces, List<NamePattern> hosts, boolean privileged, Set<Tier> tiers, Quota quota,
                    List<NamePattern> clusters) {

    /** Everything: the admin token's reach. */
    public static final Reach ALL = new Reach(List.of(new NamePattern("*")), List.of(new NamePattern("*")), true,
            EnumSet.allOf(Tier.class), Quota.NONE, List.of(new NamePattern("*")));

    public Reach {
        namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
        tiers = tiers == null || tiers.isEmpty() ? Set.copyOf(EnumSet.allOf(Tier.class)) : Set.copyOf(tiers);
        quota = Quota.orNone(quota);
        clusters = clusters == null ? List.of() : List.copyOf(clusters);
    }

    public Reach(List<NamePattern> namespaces, List<NamePattern> hosts, boolean privileged) {
        this(namespaces, hosts, privileged, null, null, null);
    }

    public static Reach of(List<String> namespaces, List<String> hosts, Boolean privileged) {
        return of(namespaces, hosts, privileged, null, null, null);
    }

    public static Reach of(List<String> namespaces, List<String> hosts, Boolean privileged, Set<Tier> tiers, Quota quota,
                           List<String> clusters) {
        return new Reach(patterns(namespaces), patterns(hosts), privileged != null && privileged, tiers, quota, patterns(clusters));
    }

    private static List<NamePattern> patterns(List<String> globs) {
        return globs == null ? List.of() : globs.stream().map(NamePattern::new).toList();
    }

    public boolean allowsNamespace(String environment, String namespace) {
        return namespace.equals(environment) || namespaces.stream().anyMatch(p -> p.matches(namespace));
    }

    public boolean allowsHost(String host) {
        return hosts.stream().anyMatch(p -> p.matches(host));
    }

    public boolean allowsTier(Tier tier) {
        return tiers.contains(tier);
    }

    /** @param defaultCluster the cluster of a spec without {@code spec.cluster}, the only one an empty list allows */
    public boolean allowsCluster(String cluster, String defaultCluster) {
        return clusters.isEmpty() ? cluster.equals(defaultCluster) : clusters.stream().anyMatch(p -> p.matches(cluster));
    }
}
