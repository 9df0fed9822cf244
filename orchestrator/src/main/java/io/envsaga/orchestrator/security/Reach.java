package io.envsaga.orchestrator.security;

import java.util.List;

/**
 * The places a grant lets an environment reach, beyond its name: the namespaces it may live in,
 * the hosts it may claim, and whether it may run privileged workloads.
 *
 * @param namespaces globs; empty means only the namespace named like the environment (the default)
 * @param hosts      globs such as {@code *.preview.codedang.com}; empty means no host at all
 * @param privileged whether workloads may run with {@code privileged: true}
 */
public record Reach(List<NamePattern> namespaces, List<NamePattern> hosts, boolean privileged) {

    /** Everything: the admin token's reach. */
    public static final Reach ALL = new Reach(List.of(new NamePattern("*")), List.of(new NamePattern("*")), true);

    public Reach {
        namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
    }

    public static Reach of(List<String> namespaces, List<String> hosts, Boolean privileged) {
        return new Reach(namespaces == null ? List.of() : namespaces.stream().map(NamePattern::new).toList(),
                hosts == null ? List.of() : hosts.stream().map(NamePattern::new).toList(), privileged != null && privileged);
    }

    public boolean allowsNamespace(String environment, String namespace) {
        return namespace.equals(environment) || namespaces.stream().anyMatch(p -> p.matches(namespace));
    }

    public boolean allowsHost(String host) {
        return hosts.stream().anyMatch(p -> p.matches(host));
    }
}
