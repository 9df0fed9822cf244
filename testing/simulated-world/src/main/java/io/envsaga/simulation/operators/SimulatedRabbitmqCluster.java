package io.envsaga.simulation.operators;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A simulated RabbitmqCluster: its id (the prefix of its vhosts on the one real broker), its proxy,
 * its default user, and whether its pods are "ready". Made by the cluster operator; the topology
 * operator makes its objects in it.
 */
final class SimulatedRabbitmqCluster {

    final String id;
    final String defaultUser;
    /** Every vhost made in this cluster, under their broker names: they go with it. */
    final Set<String> brokerVhosts = new LinkedHashSet<>();
    AmqpVhostProxy proxy;
    boolean ready;

    SimulatedRabbitmqCluster(String id, String defaultUser) {
        this.id = id;
        this.defaultUser = defaultUser;
    }

    /** The broker's name of this cluster's vhost {@code vhost}. */
    String brokerVhost(String vhost) {
        return id + ":" + vhost;
    }
}
