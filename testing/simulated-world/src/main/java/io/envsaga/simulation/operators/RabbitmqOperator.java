package io.envsaga.simulation.operators;

import static io.envsaga.simulation.operators.SimulatedRabbitmqOperators.spec;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * What the two simulated RabbitMQ operators share: the cluster's API, the broker, and telling a
 * change of an object's spec (reconciled) from a change of its status (their own, ignored). Both run
 * on the one reconciler thread of {@link SimulatedRabbitmqOperators}.
 */
abstract class RabbitmqOperator {

    private static final SecureRandom RANDOM = new SecureRandom();

    final KubernetesClient client;
    final RabbitmqBroker broker;
    private final Map<String, String> lastSpec = new HashMap<>();

    RabbitmqOperator(KubernetesClient client, RabbitmqBroker broker) {
        this.client = client;
        this.broker = broker;
    }

    /** Makes what a created or changed object asks for on the broker and writes its status. */
    abstract void reconcile(ResourceDefinitionContext kind, GenericKubernetesResource obj);

    /** Removes from the broker what a deleted object made. */
    abstract void remove(ResourceDefinitionContext kind, GenericKubernetesResource obj);

    final synchronized void changed(ResourceDefinitionContext kind, GenericKubernetesResource obj) {
        if (obj.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        String spec = String.valueOf(spec(obj));
        if (spec.equals(lastSpec.put(key(kind, obj), spec))) {
            return; // a status change (ours): nothing to reconcile
        }
        reconcile(kind, obj);
    }

    final synchronized void deleted(ResourceDefinitionContext kind, GenericKubernetesResource obj) {
        lastSpec.remove(key(kind, obj));
        remove(kind, obj);
    }

    /** The object is reconciled again at its next event, even with the same spec: the real operators requeue a failed object. */
    final void requeue(ResourceDefinitionContext kind, GenericKubernetesResource obj) {
        lastSpec.remove(key(kind, obj));
    }

    static String key(ResourceDefinitionContext kind, GenericKubernetesResource obj) {
        return kind.getKind() + "/" + obj.getMetadata().getNamespace() + "/" + obj.getMetadata().getName();
    }

    static Map<String, Object> condition(String type, boolean status, String reason, String message) {
        return Map.of("type", type, "status", status ? "True" : "False", "reason", reason, "message", message);
    }

    static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x", x));
        }
        return s.toString();
    }

    static String token(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
