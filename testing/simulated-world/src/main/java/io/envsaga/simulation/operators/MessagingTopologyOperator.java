package io.envsaga.simulation.operators;

import static io.envsaga.simulation.operators.SimulatedRabbitmqOperators.spec;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated Messaging Topology Operator: {@code Vhost}, {@code Exchange}, {@code Queue},
 * {@code Binding}, {@code User} and {@code Permission} made on the broker in the cluster they
 * reference, with the real operator's status: {@code Ready=True} reason
 * {@code SuccessfulCreateOrUpdate} and {@code observedGeneration} caught up, or {@code Ready=False}
 * reason {@code FailedCreateOrUpdate} with the broker's own error and {@code observedGeneration}
 * left at the last generation that succeeded (absent before a first success), then requeued.
 * Follows rabbitmq/messaging-topology-operator (commit e736e2d)
 * {@code internal/controller/topology_controller.go}: lines 108-116 (a failed declare: the error's
 * text as the {@code NotReady} condition's message, status written, error returned so that
 * controller-runtime requeues with back-off), 122-123 (only a success sets
 * {@code observedGeneration}), 207-222 ({@code setObservedGeneration});
 * {@code api/v1beta1/conditions.go} lines 27-48 (the two reasons). An object whose cluster is not
 * ready fails the same way (lines 149-198, {@code handleRMQReferenceParseError}) and is reconciled
 * again when its cluster becomes ready (lines 278-, {@code rabbitmqClusterToRequests}). The
 * validating webhooks that refuse an update before it reaches this operator are
 * {@link TopologyWebhooks}.
 */
final class MessagingTopologyOperator extends RabbitmqOperator {

    private static final Logger log = LoggerFactory.getLogger(MessagingTopologyOperator.class);

    private final RabbitmqClusterOperator clusters;
    /** namespace/User name to its broker username. */
    private final Map<String, String> users = new HashMap<>();
    private final Map<String, ResourceDefinitionContext> waitingForCluster = new LinkedHashMap<>();

    MessagingTopologyOperator(KubernetesClient client, RabbitmqBroker broker, RabbitmqClusterOperator clusters) {
        super(client, broker);
        this.clusters = clusters;
    }

    /** Reconciles again every object that waited for its cluster. */
    synchronized void retryWaiting() {
        Map<String, ResourceDefinitionContext> retry = new LinkedHashMap<>(waitingForCluster);
        waitingForCluster.clear();
        retry.forEach((key, kind) -> {
            String[] parts = key.split("/");
            GenericKubernetesResource obj = client.genericKubernetesResources(kind).inNamespace(parts[1]).withName(parts[2]).get();
            if (obj != null) {
                reconcile(kind, obj);
            }
        });
    }

    @Override
    void reconcile(ResourceDefinitionContext kind, GenericKubernetesResource obj) {
        String ns = obj.getMetadata().getNamespace();
        Map<String, Object> spec = spec(obj);
        String clusterName = reference(spec, "rabbitmqClusterReference");
        SimulatedRabbitmqCluster c = clusters.cluster(ns, clusterName);
        if (c == null || !c.ready) {
            waitingForCluster.put(key(kind, obj), kind);
            failed(kind, obj, "failed to connect to RabbitmqCluster " + ns + "/" + clusterName
                    + ": dial tcp: lookup " + clusterName + "." + ns + ".svc: connection refused");
            return;
        }
        String vhost = c.brokerVhost(String.valueOf(spec.getOrDefault("vhost", "/")));
        Map<String, Object> extra = Map.of();
        try {
            switch (kind.getKind()) {
                case "Vhost" -> broker.addVhost(c, (String) spec.get("name"));
                case "Exchange" -> broker.topology().exchange(vhost, spec);
                case "Queue" -> broker.topology().queue(vhost, spec);
                case "Binding" -> broker.topology().bind(vhost, spec, true);
                case "User" -> extra = user(obj);
                case "Permission" -> permission(obj, vhost, spec);
                default -> throw new IllegalArgumentException(kind.getKind());
            }
        } catch (RuntimeException e) {
            requeue(kind, obj);
            failed(kind, obj, e.getMessage());
            return;
        }
        StatusWriter.write(client, kind, ns, obj.getMetadata().getName(), extra, StatusWriter.generationOf(obj), condition("Ready", true, "SuccessfulCreateOrUpdate", ""));
    }

    /** A broker user with generated credentials in {@code <User>-user-credentials}, made once (an existing Secret is reused). */
    private Map<String, Object> user(GenericKubernetesResource obj) {
        String ns = obj.getMetadata().getNamespace();
        String secretName = obj.getMetadata().getName() + "-user-credentials";
        Secret existing = client.secrets().inNamespace(ns).withName(secretName).get();
        String username = existing != null ? value(existing, "username") : obj.getMetadata().getName() + "-" + hex(3);
        String password = existing != null ? value(existing, "password") : token(24);
        broker.putUser(username, password);
        users.put(ns + "/" + obj.getMetadata().getName(), username);
        if (existing == null) {
            client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName(secretName).endMetadata()
                    .addToStringData("username", username).addToStringData("password", password).build()).create();
        }
        return Map.of("username", username, "credentials", Map.of("name", secretName, "namespace", ns));
    }

    private void permission(GenericKubernetesResource obj, String vhost, Map<String, Object> spec) {
        String user = permittedUser(obj.getMetadata().getNamespace(), spec);
        if (user == null) {
            throw new IllegalStateException("failed to get User " + reference(spec, "userReference") + ": not found");
        }
        Map<?, ?> p = spec.get("permissions") instanceof Map<?, ?> map ? map : Map.of();
        broker.admin().putPermissions(vhost, user, text(p.get("configure")), text(p.get("write")), text(p.get("read")));
    }

    /** A Permission's user: by name, or the broker user of the User it references (null before that User was made). */
    private String permittedUser(String ns, Map<String, Object> spec) {
        return spec.get("user") instanceof String u ? u : users.get(ns + "/" + reference(spec, "userReference"));
    }

    @Override
    void remove(ResourceDefinitionContext kind, GenericKubernetesResource obj) {
        waitingForCluster.remove(key(kind, obj));
        String ns = obj.getMetadata().getNamespace();
        Map<String, Object> spec = spec(obj);
        try {
            if ("User".equals(kind.getKind())) {
                removeUser(ns, obj.getMetadata().getName()); // one broker holds every simulated cluster's users: not gone with a cluster
                return;
            }
            SimulatedRabbitmqCluster c = clusters.cluster(ns, reference(spec, "rabbitmqClusterReference"));
            if (c == null) {
                return; // its cluster is gone, and the topology with it
            }
            String vhost = c.brokerVhost(String.valueOf(spec.getOrDefault("vhost", "/")));
            switch (kind.getKind()) {
                case "Vhost" -> {
                    String brokerVhost = c.brokerVhost((String) spec.get("name"));
                    broker.removeVhost(brokerVhost);
                    c.brokerVhosts.remove(brokerVhost);
                }
                case "Exchange" -> broker.topology().deleteExchange(vhost, (String) spec.get("name"));
                case "Queue" -> broker.topology().deleteQueue(vhost, (String) spec.get("name"));
                case "Binding" -> broker.topology().bind(vhost, spec, false);
                case "Permission" -> {
                    String user = permittedUser(ns, spec);
                    if (user != null) {
                        broker.admin().deletePermissions(vhost, user);
                    }
                }
                default -> { }
            }
        } catch (RuntimeException e) {
            log.info("deleting {} {}/{} on the broker: {}", kind.getKind(), ns, obj.getMetadata().getName(), e.getMessage());
        }
    }

    private void removeUser(String ns, String name) {
        String username = users.remove(ns + "/" + name);
        if (username != null) {
            broker.admin().deleteUser(username);
        }
        client.secrets().inNamespace(ns).withName(name + "-user-credentials").delete();
    }

    private void failed(ResourceDefinitionContext kind, GenericKubernetesResource obj, String message) {
        StatusWriter.write(client, kind, obj.getMetadata().getNamespace(), obj.getMetadata().getName(), Map.of(), null,
                condition("Ready", false, "FailedCreateOrUpdate", message));
    }

    private static String reference(Map<String, Object> spec, String field) {
        return spec.get(field) instanceof Map<?, ?> ref ? String.valueOf(ref.get("name")) : null;
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
}
