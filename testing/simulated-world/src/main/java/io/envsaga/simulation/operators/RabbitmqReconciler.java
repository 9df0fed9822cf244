package io.envsaga.simulation.operators;

import static io.envsaga.simulation.operators.SimulatedRabbitmqOperators.CLUSTER;
import static io.envsaga.simulation.operators.SimulatedRabbitmqOperators.spec;

import io.envsaga.kubernetes.endpoint.FixedEndpoints;
import io.envsaga.simulation.net.Endpoint;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the two simulated operators do for each object, on the reconciler's one thread. */
final class RabbitmqReconciler {

    private static final Logger log = LoggerFactory.getLogger(RabbitmqReconciler.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A simulated cluster: its id (prefix of its broker vhosts), proxy, default user, and whether its pods are "ready". */
    private static final class SimCluster {
        final String id;
        final String defaultUser;
        final Set<String> brokerVhosts = new LinkedHashSet<>();
        AmqpVhostProxy proxy;
        boolean ready;

        SimCluster(String id, String defaultUser) {
            this.id = id;
            this.defaultUser = defaultUser;
        }
    }

    private final KubernetesClient client;
    private final FixedEndpoints endpoints;
    private final Endpoint broker;
    private final BrokerAdmin management;
    private final BrokerTopology topology;
    private final Map<String, SimCluster> clusters = new HashMap<>();
    private final Map<String, String> users = new HashMap<>();
    private final Set<String> createdUsers = new LinkedHashSet<>();
    private final Map<String, String> lastSpec = new HashMap<>();
    private final Map<String, ResourceDefinitionContext> waitingForCluster = new LinkedHashMap<>();
    private volatile boolean hold;

    RabbitmqReconciler(KubernetesClient client, FixedEndpoints endpoints, Endpoint broker, BrokerAdmin management, BrokerTopology topology) {
        this.client = client;
        this.endpoints = endpoints;
        this.broker = broker;
        this.management = management;
        this.topology = topology;
    }

    void holdClusters(boolean hold) {
        this.hold = hold;
    }

    BrokerAdmin admin() {
        return management;
    }

    synchronized String brokerVhost(String namespace, String cluster, String vhost) {
        SimCluster c = clusters.get(namespace + "/" + cluster);
        if (c == null) {
            throw new IllegalStateException("no simulated RabbitmqCluster " + namespace + "/" + cluster);
        }
        return c.id + ":" + vhost;
    }

    synchronized void changed(ResourceDefinitionContext kind, GenericKubernetesResource obj) {
        if (obj.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        String key = key(kind, obj);
        String spec = String.valueOf(spec(obj));
        if (spec.equals(lastSpec.put(key, spec))) {
            return; // a status change (ours): nothing to reconcile
        }
        if (kind == CLUSTER) {
            cluster(obj);
        } else {
            topology(kind, obj);
        }
    }

    private void cluster(GenericKubernetesResource obj) {
        String ns = obj.getMetadata().getNamespace();
        String name = obj.getMetadata().getName();
        SimCluster c = clusters.get(ns + "/" + name);
        if (c == null) {
            String id = "sim." + ns + "." + name + "." + hex(3);
            c = new SimCluster(id.length() > 200 ? id.substring(0, 200) : id, "default_user_" + token(12));
            clusters.put(ns + "/" + name, c);
            String password = token(24);
            management.putUser(c.defaultUser, password);
            createdUsers.add(c.defaultUser);
            ensureVhost(c, "/");
            SimCluster cluster = c;
            try {
                c.proxy = new AmqpVhostProxy(broker.host(), broker.port(), vhost -> cluster.id + ":" + vhost);
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
        writeClusterStatus(ns, name, c);
    }

    private void writeClusterStatus(String ns, String name, SimCluster c) {
        int replicas = spec(client.genericKubernetesResources(CLUSTER).inNamespace(ns).withName(name).get()).get("replicas") instanceof Number n
                ? n.intValue() : 1;
        String pods = (c.ready ? replicas : 0) + "/" + replicas + " Pods ready";
        StatusWriter.write(client, CLUSTER, ns, name, Map.of(),
                condition("AllReplicasReady", c.ready, c.ready ? "" : "NotAllPodsReady", c.ready ? "" : pods),
                condition("ClusterAvailable", c.ready, c.ready ? "" : "NoEndpointsAvailable", ""),
                condition("NoWarnings", true, "", ""), condition("ReconcileSuccess", true, "Success", "Finish reconciling"));
    }

    synchronized void releaseCluster(String ns, String name) {
        SimCluster c = clusters.get(ns + "/" + name);
        if (c == null) {
            return;
        }
        c.ready = true;
        writeClusterStatus(ns, name, c);
        Map<String, ResourceDefinitionContext> retry = new LinkedHashMap<>(waitingForCluster);
        waitingForCluster.clear();
        retry.forEach((key, kind) -> {
            String[] parts = key.split("/");
            GenericKubernetesResource obj = client.genericKubernetesResources(kind).inNamespace(parts[1]).withName(parts[2]).get();
            if (obj != null) {
                topology(kind, obj);
            }
        });
    }

    private void topology(ResourceDefinitionContext kind, GenericKubernetesResource obj) {
        String ns = obj.getMetadata().getNamespace();
        Map<String, Object> spec = spec(obj);
        String clusterName = reference(spec, "rabbitmqClusterReference");
        SimCluster c = clusters.get(ns + "/" + clusterName);
        if (c == null || !c.ready) {
            waitingForCluster.put(key(kind, obj), kind);
            failed(kind, obj, "failed to connect to RabbitmqCluster " + ns + "/" + clusterName
                    + ": dial tcp: lookup " + clusterName + "." + ns + ".svc: connection refused");
            return;
        }
        String vhost = c.id + ":" + spec.getOrDefault("vhost", "/");
        Map<String, Object> extra = Map.of();
        try {
            switch (kind.getKind()) {
                case "Vhost" -> ensureVhost(c, (String) spec.get("name"));
                case "Exchange" -> topology.exchange(vhost, spec);
                case "Queue" -> topology.queue(vhost, spec);
                case "Binding" -> topology.bind(vhost, spec, true);
                case "User" -> extra = user(obj);
                case "Permission" -> permission(c, obj, vhost, spec);
                default -> throw new IllegalArgumentException(kind.getKind());
            }
        } catch (RuntimeException e) {
            lastSpec.remove(key(kind, obj)); // the real operator requeues a failed object
            failed(kind, obj, e.getMessage());
            return;
        }
        StatusWriter.write(client, kind, ns, obj.getMetadata().getName(), extra, condition("Ready", true, "SuccessfulCreateOrUpdate", ""));
    }

    /** A broker user with generated credentials in {@code <User>-user-credentials}, made once (an existing Secret is reused). */
    private Map<String, Object> user(GenericKubernetesResource obj) {
        String ns = obj.getMetadata().getNamespace();
        String secretName = obj.getMetadata().getName() + "-user-credentials";
        Secret existing = client.secrets().inNamespace(ns).withName(secretName).get();
        String username = existing != null ? value(existing, "username") : obj.getMetadata().getName() + "-" + hex(3);
        String password = existing != null ? value(existing, "password") : token(24);
        management.putUser(username, password);
        createdUsers.add(username);
        users.put(ns + "/" + obj.getMetadata().getName(), username);
        if (existing == null) {
            client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName(secretName).endMetadata()
                    .addToStringData("username", username).addToStringData("password", password).build()).create();
        }
        return Map.of("username", username, "credentials", Map.of("name", secretName, "namespace", ns));
    }

    private void permission(SimCluster c, GenericKubernetesResource obj, String vhost, Map<String, Object> spec) {
        String user = spec.get("user") instanceof String u ? u : users.get(obj.getMetadata().getNamespace() + "/" + reference(spec, "userReference"));
        if (user == null) {
            throw new IllegalStateException("failed to get User " + reference(spec, "userReference") + ": not found");
        }
        Map<?, ?> p = spec.get("permissions") instanceof Map<?, ?> map ? map : Map.of();
        management.putPermissions(vhost, user, text(p.get("configure")), text(p.get("write")), text(p.get("read")));
    }

    synchronized void deleted(ResourceDefinitionContext kind, GenericKubernetesResource obj) {
        lastSpec.remove(key(kind, obj));
        waitingForCluster.remove(key(kind, obj));
        String ns = obj.getMetadata().getNamespace();
        Map<String, Object> spec = spec(obj);
        try {
            if (kind == CLUSTER) {
                SimCluster c = clusters.remove(ns + "/" + obj.getMetadata().getName());
                if (c != null) {
                    removeCluster(ns, obj.getMetadata().getName(), c);
                }
                return;
            }
            SimCluster c = clusters.get(ns + "/" + reference(spec, "rabbitmqClusterReference"));
            if (c == null) {
                return; // its cluster is gone, and the topology with it
            }
            String vhost = c.id + ":" + spec.getOrDefault("vhost", "/");
            switch (kind.getKind()) {
                case "Vhost" -> {
                    String brokerVhost = c.id + ":" + spec.get("name");
                    topology.forget(brokerVhost);
                    management.deleteVhost(brokerVhost);
                    c.brokerVhosts.remove(brokerVhost);
                }
                case "Exchange" -> topology.deleteExchange(vhost, (String) spec.get("name"));
                case "Queue" -> topology.deleteQueue(vhost, (String) spec.get("name"));
                case "Binding" -> topology.bind(vhost, spec, false);
                case "User" -> {
                    String username = users.remove(ns + "/" + obj.getMetadata().getName());
                    if (username != null) {
                        management.deleteUser(username);
                    }
                    client.secrets().inNamespace(ns).withName(obj.getMetadata().getName() + "-user-credentials").delete();
                }
                case "Permission" -> {
                    String user = spec.get("user") instanceof String u ? u : users.get(ns + "/" + reference(spec, "userReference"));
                    if (user != null) {
                        management.deletePermissions(vhost, user);
                    }
                }
                default -> { }
            }
        } catch (RuntimeException e) {
            log.info("deleting {} {}/{} on the broker: {}", kind.getKind(), ns, obj.getMetadata().getName(), e.getMessage());
        }
    }

    private void removeCluster(String ns, String name, SimCluster c) {
        endpoints.unregister(ns, name, 5672);
        c.proxy.close();
        for (String vhost : c.brokerVhosts) {
            topology.forget(vhost);
            management.deleteVhost(vhost);
        }
        management.deleteUser(c.defaultUser);
        client.secrets().inNamespace(ns).withName(name + "-default-user").delete();
        client.services().inNamespace(ns).withName(name).delete();
    }

    private void ensureVhost(SimCluster c, String vhost) {
        String brokerVhost = c.id + ":" + vhost;
        management.putVhost(brokerVhost);
        c.brokerVhosts.add(brokerVhost);
        management.putPermissions(brokerVhost, broker.username(), ".*", ".*", ".*");
        management.putPermissions(brokerVhost, c.defaultUser, ".*", ".*", ".*");
    }

    private void failed(ResourceDefinitionContext kind, GenericKubernetesResource obj, String message) {
        StatusWriter.write(client, kind, obj.getMetadata().getNamespace(), obj.getMetadata().getName(), Map.of(),
                condition("Ready", false, "FailedCreateOrUpdate", message));
    }

    synchronized void close() {
        clusters.forEach((key, c) -> {
            try {
                endpoints.unregister(key.split("/")[0], key.split("/")[1], 5672);
                c.proxy.close();
                c.brokerVhosts.forEach(v -> {
                    topology.forget(v);
                    management.deleteVhost(v);
                });
            } catch (RuntimeException e) {
                log.info("cleaning up simulated cluster {}: {}", key, e.getMessage());
            }
        });
        clusters.clear();
        createdUsers.forEach(management::deleteUser);
        topology.close();
    }

    private static Map<String, Object> condition(String type, boolean status, String reason, String message) {
        return Map.of("type", type, "status", status ? "True" : "False", "reason", reason, "message", message);
    }

    private static String reference(Map<String, Object> spec, String field) {
        return spec.get(field) instanceof Map<?, ?> ref ? String.valueOf(ref.get("name")) : null;
    }

    private static String key(ResourceDefinitionContext kind, GenericKubernetesResource obj) {
        return kind.getKind() + "/" + obj.getMetadata().getNamespace() + "/" + obj.getMetadata().getName();
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    private static String value(Secret secret, String key) {
        if (secret.getStringData() != null && secret.getStringData().get(key) != null) {
            return secret.getStringData().get(key);
        }
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x", x));
        }
        return s.toString();
    }

    private static String token(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
