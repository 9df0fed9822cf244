package io.envsaga.simulation.operators;

import com.fasterxml.jackson.databind.JsonNode;
import io.envsaga.simulation.kubernetes.ValidatingWebhook;
import java.util.ArrayList;
import java.util.List;

/**
 * The messaging topology operator's validating webhooks for updates, as
 * rabbitmq/messaging-topology-operator (commit e736e2d) {@code internal/webhook/v1beta1/} writes
 * them; they run in the API server before an update is stored, so a refused change never reaches
 * the operator: the apply itself answers 403 with the webhook's message.
 *
 * <ul>
 *   <li>{@code queue_webhook.go} {@code ValidateUpdate} (lines 57-141), webhook {@code vqueue.kb.io}:
 *   {@code spec.name}, {@code spec.vhost}, {@code spec.rabbitmqClusterReference} forbidden at once
 *   (lines 59-73, {@code NewForbidden}, "updates on name, vhost, and rabbitmqClusterReference are
 *   all forbidden"); then, all reported together, {@code spec.type} "queue type cannot be updated"
 *   (75-81), {@code spec.autoDelete} (83-89), {@code spec.durable} (91-97, absent counts as false),
 *   {@code spec.arguments} "queue arguments cannot be updated" (99-135: added, removed or a
 *   different map).</li>
 *   <li>{@code exchange_webhook.go} (lines 47-95), {@code vexchange.kb.io}: name, vhost, cluster
 *   reference forbidden; {@code spec.type}, {@code spec.autoDelete}, {@code spec.durable} invalid.
 *   (An exchange's arguments may change.)</li>
 *   <li>{@code binding_webhook.go} (lines 65-126), {@code vbinding-v1beta1.kb.io}: vhost and cluster
 *   reference forbidden; {@code spec.source}, {@code spec.destination}, {@code spec.destinationType},
 *   {@code spec.routingKey}, {@code spec.arguments} invalid.</li>
 *   <li>{@code permission_webhook.go} (lines 75-110), {@code vpermission-v1beta1.kb.io}: {@code spec.user},
 *   {@code spec.userReference}, {@code spec.vhost}, cluster reference forbidden.</li>
 * </ul>
 *
 * Messages follow k8s.io/apimachinery {@code field.Error}: a forbidden field is
 * {@code <kind plural>.rabbitmq.com "<name>" is forbidden: spec.vhost: Forbidden: <detail>}
 * ({@code apierrors.NewForbidden}); invalid fields are {@code spec.type: Invalid value: "quorum":
 * queue type cannot be updated}, several joined as an aggregate {@code [a, b]}. A value that is
 * not a string, number or boolean is shown as JSON (Go prints the Go value; the path and the
 * detail are the same).
 */
final class TopologyWebhooks {

    private TopologyWebhooks() {
    }

    static List<ValidatingWebhook> all() {
        return List.of(
                webhook("vqueue.kb.io", "queues", List.of("name", "vhost", "rabbitmqClusterReference"),
                        "updates on name, vhost, and rabbitmqClusterReference are all forbidden",
                        new Immutable("type", "queue type cannot be updated", ""), new Immutable("autoDelete", "autoDelete cannot be updated", "false"),
                        new Immutable("durable", "durable cannot be updated", "false"),
                        new Immutable("arguments", "queue arguments cannot be updated", null)),
                webhook("vexchange.kb.io", "exchanges", List.of("name", "vhost", "rabbitmqClusterReference"),
                        "updates on name, vhost, and rabbitmqClusterReference are all forbidden",
                        new Immutable("type", "exchange type cannot be updated", ""),
                        new Immutable("autoDelete", "autoDelete cannot be updated", "false"),
                        new Immutable("durable", "durable cannot be updated", "false")),
                webhook("vbinding-v1beta1.kb.io", "bindings", List.of("vhost", "rabbitmqClusterReference"),
                        "updates on vhost and rabbitmqClusterReference are all forbidden",
                        new Immutable("source", "source cannot be updated", ""), new Immutable("destination", "destination cannot be updated", ""),
                        new Immutable("destinationType", "destinationType cannot be updated", ""),
                        new Immutable("routingKey", "routingKey cannot be updated", ""),
                        new Immutable("arguments", "arguments cannot be updated", null)),
                webhook("vpermission-v1beta1.kb.io", "permissions", List.of("user", "userReference", "vhost", "rabbitmqClusterReference"),
                        "updates on user, userReference, vhost and rabbitmqClusterReference are all forbidden"));
    }

    /** A field whose change is reported as invalid; {@code absent} is the value a missing field counts as (null: missing is its own value). */
    private record Immutable(String field, String detail, String absent) {
    }

    private static ValidatingWebhook webhook(String name, String resource, List<String> forbidden, String forbiddenDetail,
                                             Immutable... immutable) {
        return new ValidatingWebhook() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String group() {
                return "rabbitmq.com";
            }

            @Override
            public String resource() {
                return resource;
            }

            @Override
            public String validateUpdate(JsonNode old, JsonNode updated) {
                for (String field : forbidden) {
                    if (!value(old, field, "").equals(value(updated, field, ""))) {
                        return resource + ".rabbitmq.com \"" + updated.path("metadata").path("name").asText() + "\" is forbidden: spec." + field
                                + ": Forbidden: " + forbiddenDetail;
                    }
                }
                List<String> errors = new ArrayList<>();
                for (Immutable i : immutable) {
                    if (!value(old, i.field(), i.absent()).equals(value(updated, i.field(), i.absent()))) {
                        JsonNode now = updated.path("spec").path(i.field());
                        String shown = now.isMissingNode() || now.isNull() ? "null" : now.isTextual() ? "\"" + now.asText() + "\"" : now.toString();
                        errors.add("spec." + i.field() + ": Invalid value: " + shown + ": " + i.detail());
                    }
                }
                return errors.isEmpty() ? null : errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]";
            }
        };
    }

    /** The field as compared: JSON text (maps compare by content, in any order), or {@code absent} when missing or null. */
    private static String value(JsonNode object, String field, String absent) {
        JsonNode node = object.path("spec").path(field);
        if (node.isMissingNode() || node.isNull()) {
            return absent == null ? "<absent>" : absent;
        }
        return node.isValueNode() ? node.asText() : canonical(node);
    }

    private static String canonical(JsonNode node) {
        if (node.isObject()) {
            java.util.TreeMap<String, String> sorted = new java.util.TreeMap<>();
            node.fields().forEachRemaining(e -> sorted.put(e.getKey(), canonical(e.getValue())));
            return sorted.toString();
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(n -> items.add(canonical(n)));
            return items.toString();
        }
        return node.asText();
    }
}
