package io.envsaga.simulation.operators;

import io.envsaga.simulation.net.Endpoint;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The one real broker both simulated RabbitMQ operators work on: its administration (vhosts, users,
 * permissions), its topology over AMQP, and the users they made there, removed at {@link #close()}.
 */
final class RabbitmqBroker implements AutoCloseable {

    private final Endpoint endpoint;
    private final BrokerAdmin admin;
    private final BrokerTopology topology;
    private final Set<String> createdUsers = new LinkedHashSet<>();

    RabbitmqBroker(Endpoint endpoint, BrokerAdmin admin, BrokerTopology topology) {
        this.endpoint = endpoint;
        this.admin = admin;
        this.topology = topology;
    }

    Endpoint endpoint() {
        return endpoint;
    }

    BrokerAdmin admin() {
        return admin;
    }

    BrokerTopology topology() {
        return topology;
    }

    void putUser(String username, String password) {
        admin.putUser(username, password);
        createdUsers.add(username);
    }

    /** Vhost {@code vhost} of the cluster, with all permissions for the operators' own user and the cluster's default user. */
    void addVhost(SimulatedRabbitmqCluster cluster, String vhost) {
        String brokerVhost = cluster.brokerVhost(vhost);
        admin.putVhost(brokerVhost);
        cluster.brokerVhosts.add(brokerVhost);
        admin.putPermissions(brokerVhost, endpoint.username(), ".*", ".*", ".*");
        admin.putPermissions(brokerVhost, cluster.defaultUser, ".*", ".*", ".*");
    }

    /** Deletes a vhost by its broker name, after closing the topology's connection to it. */
    void removeVhost(String brokerVhost) {
        topology.forget(brokerVhost);
        admin.deleteVhost(brokerVhost);
    }

    @Override
    public void close() {
        createdUsers.forEach(admin::deleteUser);
        topology.close();
    }
}
