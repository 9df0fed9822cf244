package io.envsaga.simulation.operators;

import static io.envsaga.simulation.operators.SimulatedRabbitmqOperators.CLUSTER;
import static io.envsaga.simulation.operators.SimulatedRabbitmqOperators.spec;

import io.envsaga.kubernetes.endpoint.FixedEndpoints;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated RabbitMQ Cluster Operator: a {@code RabbitmqCluster} becomes a vhost namespace of
 * its own on the broker behind an {@link AmqpVhostProxy} registered in {@link FixedEndpoints}, with
 * a Service, a default user and its {@code <cluster>-default-user} Secret; its status is the real
 * operator's conditions. Deleting the cluster deletes its vhosts, whoever made them.
 */
final class RabbitmqClusterOperator extends RabbitmqOperator {

    private static final Logger log = LoggerFactory.getLogger(RabbitmqClusterOperator.class);

    private final FixedEndpoints endpoints;
    /** By namespace/name; read by tests and the topology operator. */
    private final Map<String, SimulatedRabbitmqCluster> clusters = new ConcurrentHashMap<>();
    private volatile boolean hold;

    RabbitmqClusterOperator(KubernetesClient client, FixedEndpoints endpoints, RabbitmqBroker broker) {
        super(client, broker);
        this.endpoints = endpoints;
    }

    void holdClusters(boolean hold) {
        this.hold = hold;
    }

    /** The running cluster {@code namespace/name}, or null. */
    SimulatedRabbitmqCluster cluster(String namespace, String name) {
        return clusters.get(namespace + "/" + name);
    }

    String brokerVhost(String namespace, String cluster, String vhost) {
        SimulatedRabbitmqCluster c = cluster(namespace, cluster);
        if (c == null) {
            throw new IllegalStateException("no simulated RabbitmqCluster " + namespace + "/" + cluster);
        }
        return c.brokerVhost(vhost);
    }

    @Override
    void reconcile(ResourceDefinitionContext kind, GenericKubernetesResource obj) {
        String ns = obj.getMetadata().getNamespace();
        String name = obj.getMetadata().getName();
        SimulatedRabbitmqCluster c = cluster(ns, name);
        if (c == null) {
            String id = "sim." + ns + "." + name + "." + hex(3);
            c = new SimulatedRabbitmqCluster(id.length() > 200 ? id.substring(0, 200) : id, "default_user_" + token(12));
            clusters.put(ns + "/" + name, c);
            String password = token(24);
            broker.putUser(c.defaultUser, password);
            broker.addVhost(c, "/");
            try {
                c.proxy = new AmqpVhostProxy(broker.endpoint().host(), broker.endpoint().port(), c::brokerVhost);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            endpoints.register(ns, name, 5672, "127.0.0.1", c.proxy.port());
            Map<String, String> labels = obj.getMetadata().getLabels() == null ? Map.of() : obj.getMetadata().getLabels();
            client.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                    .withNewSpec().addNewPort().withName("amqp").withPort(5672).endPort().addNewPort().withName("management").withPort(15672)
                    .endPort().endSpec().build()).createOr(existing -> existing.update());
            client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName(name + "-default-user").withLabels(labels)
                    .endMetadata().addToStringData("username", c.defaultUser).addToStringData("password", password)
                    .addToStringData("host", name + "." + ns + ".svc").addToStringData("port", "5672")
                    .addToStringData("provider", "rabbitmq").addToStringData("type", "rabbitmq").build()).createOr(existing -> existing.update());
        }
        c.ready = !hold;
        writeStatus(ns, name, c);
    }

    private void writeStatus(String ns, String name, SimulatedRabbitmqCluster c) {
        int replicas = spec(client.genericKubernetesResources(CLUSTER).inNamespace(ns).withName(name).get()).get("replicas") instanceof Number n
                ? n.intValue() : 1;
        String pods = (c.ready ? replicas : 0) + "/" + replicas + " Pods ready";
        StatusWriter.write(client, CLUSTER, ns, name, Map.of(), true,
                condition("AllReplicasReady", c.ready, c.ready ? "" : "NotAllPodsReady", c.ready ? "" : pods),
                condition("ClusterAvailable", c.ready, c.ready ? "" : "NoEndpointsAvailable", ""),
                condition("NoWarnings", true, "", ""), condition("ReconcileSuccess", true, "Success", "Finish reconciling"));
    }

    /** Lets a held cluster become ready; false when there is no such cluster. */
    synchronized boolean release(String ns, String name) {
        SimulatedRabbitmqCluster c = cluster(ns, name);
        if (c == null) {
            return false;
        }
        c.ready = true;
        writeStatus(ns, name, c);
        return true;
    }

    @Override
    void remove(ResourceDefinitionContext kind, GenericKubernetesResource obj) {
        String ns = obj.getMetadata().getNamespace();
        String name = obj.getMetadata().getName();
        try {
            SimulatedRabbitmqCluster c = clusters.remove(ns + "/" + name);
            if (c == null) {
                return;
            }
            endpoints.unregister(ns, name, 5672);
            c.proxy.close();
            c.brokerVhosts.forEach(broker::removeVhost);
            broker.admin().deleteUser(c.defaultUser);
            client.secrets().inNamespace(ns).withName(name + "-default-user").delete();
            client.services().inNamespace(ns).withName(name).delete();
        } catch (RuntimeException e) {
            log.info("deleting {} {}/{} on the broker: {}", kind.getKind(), ns, name, e.getMessage());
        }
    }

    /** Stops every cluster's proxy and deletes its vhosts. */
    synchronized void close() {
        clusters.forEach((key, c) -> {
            try {
                endpoints.unregister(key.split("/")[0], key.split("/")[1], 5672);
                c.proxy.close();
                c.brokerVhosts.forEach(broker::removeVhost);
            } catch (RuntimeException e) {
                log.info("cleaning up simulated cluster {}: {}", key, e.getMessage());
            }
        });
        clusters.clear();
    }
}
