package io.envsaga.sandbox.cluster;

import io.envsaga.contracts.events.Step;
import io.envsaga.kubernetes.endpoint.FixedEndpoints;
import io.envsaga.sandbox.lifecycle.Started;
import io.envsaga.sandbox.servers.EnvironmentBroker;
import io.envsaga.sandbox.servers.Servers;
import io.envsaga.simulation.kubernetes.SimulatedCluster;
import io.envsaga.simulation.kubernetes.SimulatedKubelet;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One of the sandbox's Kubernetes clusters: a mock API server of its own, the kubelet and the
 * operators behind it, the endpoints where their servers answer and the address its nodes stand
 * for (what its dns-service points A records at). Nothing is shared between two clusters but the
 * machine's servers underneath.
 */
public final class SandboxCluster implements AutoCloseable {

    /**
     * @param name        as {@code spec.cluster} names it
     * @param nodeAddress the address standing for its nodes (a loopback address of its own)
     * @param steps       the steps whose services run on it
     */
    public record Definition(String name, String nodeAddress, Set<Step> steps) {
    }

    /**
     * Codedang's two clusters: stage (every step; the default, where previews land too) and
     * production (no storage step: production's PostgreSQL and object storage live outside it).
     */
    public static final List<Definition> CODEDANG = List.of(
            new Definition("stage", "127.0.0.1", EnumSet.allOf(Step.class)),
            new Definition("production", "127.0.0.2", EnumSet.complementOf(EnumSet.of(Step.STORAGE))));

    private final Definition definition;
    private final SimulatedCluster api = new SimulatedCluster();
    private final FixedEndpoints endpoints = new FixedEndpoints();
    private final Started running;

    private SandboxCluster(Definition definition) {
        this.definition = definition;
        this.running = new Started("cluster " + definition.name());
    }

    /** Starts its API server on {@code port} (0: a free one), its kubelet and its operators; on a failure stops them. */
    public static SandboxCluster start(Definition definition, int port, Servers servers, EnvironmentBroker broker) {
        SandboxCluster cluster = new SandboxCluster(definition);
        try {
            cluster.api.start(port);
            cluster.running.push(cluster.api::stop);
            cluster.running.push(new SimulatedKubelet(cluster.api.client()));
            cluster.running.push(SimulatedOperators.start(cluster.api, cluster.endpoints, servers, broker,
                    definition.steps().contains(Step.STORAGE)));
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    public String name() {
        return definition.name();
    }

    public String nodeAddress() {
        return definition.nodeAddress();
    }

    public Set<Step> steps() {
        return definition.steps();
    }

    /** Its mock API server. */
    public SimulatedCluster api() {
        return api;
    }

    /** Where its operators' servers answer on this machine. */
    public FixedEndpoints endpoints() {
        return endpoints;
    }

    /** One kubeconfig with a context per cluster (named as the cluster), {@code current} the current one. */
    public static String kubeconfig(List<SandboxCluster> clusters, String current) {
        StringBuilder out = new StringBuilder("apiVersion: v1\nkind: Config\nclusters:\n");
        clusters.forEach(c -> out.append("- name: ").append(c.name()).append("\n  cluster:\n    server: ")
                .append(c.api.url().replaceAll("/$", "")).append('\n'));
        out.append("contexts:\n");
        clusters.forEach(c -> out.append("- name: ").append(c.name()).append("\n  context:\n    cluster: ").append(c.name())
                .append("\n    user: sandbox\n"));
        return out.append("current-context: ").append(current).append("\nusers:\n- name: sandbox\n  user:\n    token: mock\n").toString();
    }

    @Override
    public void close() {
        running.close();
    }
}
