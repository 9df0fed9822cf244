package io.envsaga.simulation.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envsaga.simulation.kubernetes.SimulatedCluster;
import io.envsaga.simulation.kubernetes.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The topology operator's update webhooks in the simulated API server, answered as a real API server answers a denial. */
class TopologyWebhooksTest {

    private static final SimulatedCluster cluster = new SimulatedCluster();
    private static final List<ValidatingWebhook> webhooks = TopologyWebhooks.all();
    private static final PatchContext APPLY = new PatchContext.Builder().withPatchType(PatchType.SERVER_SIDE_APPLY).withFieldManager("test")
            .withForce(true).build();

    @BeforeAll
    static void start() {
        cluster.start();
        webhooks.forEach(cluster.webhooks()::add);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    /** queue_webhook.go lines 75-135: every invalid field together, in the webhook's order, as an aggregate. */
    @Test
    void aQueuesTypeDurableAndArgumentsCannotChangeAndTheApplyIsRefusedWithTheWebhooksMessage() {
        apply(SimulatedRabbitmqOperators.QUEUE, "q1", spec("name", "q", "type", "classic", "durable", true, "vhost", "vh",
                "arguments", Map.of("x-max-priority", 3)));

        assertThatThrownBy(() -> apply(SimulatedRabbitmqOperators.QUEUE, "q1", spec("name", "q", "type", "quorum", "durable", false, "vhost", "vh",
                "arguments", Map.of("x-max-priority", 5))))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(403);
                    assertThat(e.getStatus().getReason()).isEqualTo("Forbidden");
                    assertThat(e.getStatus().getMessage()).isEqualTo("admission webhook \"vqueue.kb.io\" denied the request: [spec.type: Invalid value: "
                            + "\"quorum\": queue type cannot be updated, spec.durable: Invalid value: false: durable cannot be updated, "
                            + "spec.arguments: Invalid value: {\"x-max-priority\":5}: queue arguments cannot be updated]");
                });
        assertThat(spec(get(SimulatedRabbitmqOperators.QUEUE, "q1"))).containsEntry("type", "classic");
    }

    /** queue_webhook.go lines 59-73: name, vhost and cluster reference are forbidden (NewForbidden), before anything else. */
    @Test
    void aQueuesVhostIsForbiddenToChange() {
        apply(SimulatedRabbitmqOperators.QUEUE, "q2", spec("name", "q", "vhost", "vh"));

        assertThatThrownBy(() -> apply(SimulatedRabbitmqOperators.QUEUE, "q2", spec("name", "q", "vhost", "other")))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getStatus().getMessage()).isEqualTo(
                        "admission webhook \"vqueue.kb.io\" denied the request: queues.rabbitmq.com \"q2\" is forbidden: spec.vhost: Forbidden: "
                                + "updates on name, vhost, and rabbitmqClusterReference are all forbidden"));
    }

    /** exchange_webhook.go: type, durable, autoDelete; arguments may change. binding_webhook.go: source, destination, routing key. */
    @Test
    void anExchangesTypeAndABindingsRoutingKeyCannotChangeButAnExchangesArgumentsMay() {
        apply(SimulatedRabbitmqOperators.EXCHANGE, "e1", spec("name", "e", "type", "direct", "durable", true));
        apply(SimulatedRabbitmqOperators.EXCHANGE, "e1", spec("name", "e", "type", "direct", "durable", true,
                "arguments", Map.of("alternate-exchange", "ae")));
        apply(SimulatedRabbitmqOperators.BINDING, "b1", spec("source", "e", "destination", "q", "destinationType", "queue", "routingKey", "k"));

        assertThatThrownBy(() -> apply(SimulatedRabbitmqOperators.EXCHANGE, "e1", spec("name", "e", "type", "topic", "durable", true)))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getStatus().getMessage()).isEqualTo(
                        "admission webhook \"vexchange.kb.io\" denied the request: spec.type: Invalid value: \"topic\": exchange type cannot be updated"));
        assertThatThrownBy(() -> apply(SimulatedRabbitmqOperators.BINDING, "b1", spec("source", "e", "destination", "q", "destinationType", "queue",
                "routingKey", "k2")))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getStatus().getMessage()).isEqualTo(
                        "admission webhook \"vbinding-v1beta1.kb.io\" denied the request: spec.routingKey: Invalid value: \"k2\": routingKey cannot be updated"));
    }

    /** The webhooks validate the object, not its status subresource: the operator still writes its status. */
    @Test
    void theStatusSubresourceIsNotReviewed() {
        GenericKubernetesResource queue = apply(SimulatedRabbitmqOperators.QUEUE, "q3", spec("name", "q", "type", "classic"));
        queue.getAdditionalProperties().put("status", Map.of("observedGeneration", 1));

        cluster.client().genericKubernetesResources(SimulatedRabbitmqOperators.QUEUE).inNamespace("ns").resource(queue).updateStatus();

        assertThat(get(SimulatedRabbitmqOperators.QUEUE, "q3").getAdditionalProperties().get("status")).isEqualTo(Map.of("observedGeneration", 1));
    }

    private static GenericKubernetesResource apply(ResourceDefinitionContext kind, String name, Map<String, Object> spec) {
        GenericKubernetesResource object = new GenericKubernetesResourceBuilder().withApiVersion("rabbitmq.com/v1beta1").withKind(kind.getKind())
                .withNewMetadata().withName(name).withNamespace("ns").endMetadata().withAdditionalProperties(Map.of("spec", spec)).build();
        return cluster.client().genericKubernetesResources(kind).inNamespace("ns").resource(object).patch(APPLY);
    }

    private static GenericKubernetesResource get(ResourceDefinitionContext kind, String name) {
        return cluster.client().genericKubernetesResources(kind).inNamespace("ns").withName(name).get();
    }

    private static Map<String, Object> spec(Object... keysAndValues) {
        Map<String, Object> spec = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            spec.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return spec;
    }

    private static Map<String, Object> spec(GenericKubernetesResource object) {
        return SimulatedRabbitmqOperators.spec(object);
    }
}
