package io.envsaga.simulation.operators;

import static io.envsaga.simulation.operators.SimulatedRabbitmqOperators.CLUSTER;
import static io.envsaga.simulation.operators.SimulatedRabbitmqOperators.spec;

import io.envsaga.kubernetes.endpoint.FixedEndpoints;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated RabbitMQ Cluster Operator: a {@code RabbitmqCluster} becomes a vhost namespace of
 * its own on the broker behind an {@link AmqpVhostProxy} registered in {@link FixedEndpoints}, with
 * a Service, a default user and its {@code <cluster>-default-user} Secret, and a StatefulSet
 * {@code <cluster>-server}. Deleting the cluster deletes its vhosts, whoever made them.
 *
 * <p>Its reconcile follows rabbitmq/cluster-operator (commit 06cda8e)
 * {@code internal/controller/rabbitmqcluster_controller.go} in its order:
 * <ol>
 *   <li>line 139, {@code updateStatusConditions} (355-380): the conditions are computed from the
 *   StatefulSet <em>as it is</em>, before anything changes ({@code internal/status/all_replicas_ready.go}:
 *   {@code AllReplicasReady} is ready replicas against the StatefulSet's replicas, {@code MissingStatefulSet}
 *   without one; {@code cluster_available.go}: {@code ClusterAvailable} while an endpoint is ready).
 *   So after an update they still say ready: the rolling restart has not begun.</li>
 *   <li>line 143, {@code reconcile_tls.go} lines 18-35 and 37-90: {@code disableNonTLSListeners}
 *   without TLS, a missing TLS Secret, one without {@code tls.crt} and {@code tls.key}, a CA
 *   Secret without {@code ca.crt}: {@code ReconcileSuccess=False} reason {@code TLSError}.</li>
 *   <li>lines 218-236, {@code reconcile_scale_down.go} lines 19-37: fewer replicas than the
 *   StatefulSet has: {@code ReconcileSuccess=False} reason {@code UnsupportedOperation}, "Cluster
 *   Scale down not supported; tried to scale cluster from 3 nodes to 1 nodes", and nothing changes.</li>
 *   <li>lines 252-270: the StatefulSet is created or updated (a new template is a new
 *   {@code updateRevision}).</li>
 *   <li>lines 306-307, {@code setReconcileSuccess} (416-427): {@code ReconcileSuccess=True} and only
 *   now {@code observedGeneration}; every failure above leaves it at the last success
 *   ({@link StatusWriter}).</li>
 * </ol>
 * The other {@code ReconcileSuccess=False} reasons ({@code FailedReconcilePVC} line 247,
 * {@code InvalidConfiguration} 263, {@code Error} 266, {@code FailedVersionAnnotation} 292,
 * {@code FailedCLICommand} 301) need real PVCs, pods or a broken builder: not produced here
 * (messaging-service's {@code RabbitmqReadinessTest} reads each of them on a status).
 *
 * <p>It also plays Kubernetes' StatefulSet controller for that StatefulSet: a rollout completes at
 * once ({@code currentRevision} becomes {@code updateRevision}, every replica updated and ready),
 * unless {@link #holdClusters held}, until {@link #release}; then the operator's StatefulSet watch
 * reconciles the conditions again.
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
        Map<String, Object> spec = spec(obj);
        SimulatedRabbitmqCluster c = cluster(ns, name);
        if (c == null) {
            c = start(ns, name, obj);
        }
        StatefulSet before = client.apps().statefulSets().inNamespace(ns).withName(RabbitmqServerStatefulSet.name(name)).get();
        writeConditions(ns, name, before, null);
        String tls = RabbitmqTls.error(client, ns, spec);
        if (tls != null) {
            writeConditions(ns, name, before, condition("ReconcileSuccess", false, "TLSError", tls));
            return;
        }
        int replicas = replicas(spec);
        if (before != null && before.getSpec().getReplicas() != null && before.getSpec().getReplicas() > replicas) {
            writeConditions(ns, name, before, condition("ReconcileSuccess", false, "UnsupportedOperation",
                    "Cluster Scale down not supported; tried to scale cluster from " + before.getSpec().getReplicas() + " nodes to " + replicas + " nodes"));
            return;
        }
        StatefulSet set = RabbitmqServerStatefulSet.apply(client, obj, spec, labels(obj), replicas);
        StatusWriter.write(client, CLUSTER, ns, name, Map.of(), StatusWriter.generationOf(obj), conditions(ns, name, before,
                condition("ReconcileSuccess", true, "Success", "Finish reconciling")));
        roll(ns, name, set, !hold);
    }

    private SimulatedRabbitmqCluster start(String ns, String name, GenericKubernetesResource obj) {
        String id = "sim." + ns + "." + name + "." + hex(3);
        SimulatedRabbitmqCluster c = new SimulatedRabbitmqCluster(id.length() > 200 ? id.substring(0, 200) : id, "default_user_" + token(12));
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
        Map<String, String> labels = labels(obj);
        client.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().addNewPort().withName("amqp").withPort(5672).endPort().addNewPort().withName("management").withPort(15672)
                .endPort().endSpec().build()).createOr(existing -> existing.update());
        client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName(name + "-default-user").withLabels(labels)
                .endMetadata().addToStringData("username", c.defaultUser).addToStringData("password", password)
                .addToStringData("host", name + "." + ns + ".svc").addToStringData("port", "5672")
                .addToStringData("provider", "rabbitmq").addToStringData("type", "rabbitmq").build()).createOr(existing -> existing.update());
        return c;
    }

    /** The StatefulSet controller's rollout of {@code set}, then the operator's reconcile of the conditions it triggers. */
    private void roll(String ns, String name, StatefulSet set, boolean complete) {
        StatefulSet rolled = RabbitmqServerStatefulSet.roll(client, set, complete);
        if (rolled == null) {
            return;
        }
        // the operator watches its StatefulSet: a reconcile recomputes the conditions (line 139)
        writeConditions(ns, name, rolled, null);
        SimulatedRabbitmqCluster c = cluster(ns, name);
        if (c != null) {
            c.ready = RabbitmqServerStatefulSet.ready(rolled);
        }
    }

    /** The conditions as {@code updateStatusConditions} computes them from {@code set}; {@code reconcileSuccess} null keeps the one written before. */
    private void writeConditions(String ns, String name, StatefulSet set, Map<String, Object> reconcileSuccess) {
        StatusWriter.write(client, CLUSTER, ns, name, Map.of(), null, conditions(ns, name, set, reconcileSuccess));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object>[] conditions(String ns, String name, StatefulSet set, Map<String, Object> reconcileSuccess) {
        Map<String, Object> success = reconcileSuccess;
        if (success == null) {
            GenericKubernetesResource current = client.genericKubernetesResources(CLUSTER).inNamespace(ns).withName(name).get();
            success = previousCondition(current, "ReconcileSuccess");
            if (success == null) {
                success = Map.of("type", "ReconcileSuccess", "status", "Unknown", "reason", "Initialising", "message", "");
            }
        }
        Map<String, Object> replicasReady;
        Map<String, Object> available;
        if (set == null) {
            replicasReady = Map.of("type", "AllReplicasReady", "status", "Unknown", "reason", "MissingStatefulSet", "message", "Could not find StatefulSet");
            available = Map.of("type", "ClusterAvailable", "status", "Unknown", "reason", "CouldNotRetrieveEndpoints",
                    "message", "Could not verify available service endpoints");
        } else {
            int desired = set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
            int ready = set.getStatus() == null || set.getStatus().getReadyReplicas() == null ? 0 : set.getStatus().getReadyReplicas();
            replicasReady = desired == 0 ? condition("AllReplicasReady", false, "ScaledToZero", "")
                    : ready == desired ? condition("AllReplicasReady", true, "AllPodsAreReady", "")
                    : condition("AllReplicasReady", false, "NotAllPodsReady", ready + "/" + desired + " Pods ready");
            available = ready > 0 ? condition("ClusterAvailable", true, "AtLeastOneEndpointAvailable", "")
                    : condition("ClusterAvailable", false, "NoEndpointsAvailable", "The service has no endpoints available");
        }
        return new Map[] {replicasReady, available, condition("NoWarnings", true, "NoWarnings", ""), success};
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> previousCondition(GenericKubernetesResource obj, String type) {
        if (obj != null && obj.getAdditionalProperties().get("status") instanceof Map<?, ?> status && status.get("conditions") instanceof List<?> list) {
            for (Object c : list) {
                if (c instanceof Map<?, ?> m && type.equals(m.get("type"))) {
                    Map<String, Object> copy = new java.util.LinkedHashMap<>((Map<String, Object>) m);
                    copy.remove("lastTransitionTime");
                    return copy;
                }
            }
        }
        return null;
    }

    private static int replicas(Map<String, Object> spec) {
        return spec.get("replicas") instanceof Number n ? n.intValue() : 1;
    }

    private static Map<String, String> labels(GenericKubernetesResource obj) {
        return obj.getMetadata().getLabels() == null ? Map.of() : obj.getMetadata().getLabels();
    }

    static String statefulSet(String cluster) {
        return cluster + "-server";
    }

    /** Completes a held cluster's rollout (its pods become ready, on the new revision); false when there is no such cluster. */
    synchronized boolean release(String ns, String name) {
        SimulatedRabbitmqCluster c = cluster(ns, name);
        StatefulSet set = client.apps().statefulSets().inNamespace(ns).withName(RabbitmqServerStatefulSet.name(name)).get();
        if (c == null || set == null) {
            return false;
        }
        roll(ns, name, set, true);
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
            client.apps().statefulSets().inNamespace(ns).withName(RabbitmqServerStatefulSet.name(name)).delete(); // its owner reference's garbage collection
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
