package io.envsaga.contracts.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What cannot change in place, found by comparing a submitted spec with the one before it. Every
 * field the messaging topology operator's validating webhooks guard on update
 * (rabbitmq/messaging-topology-operator {@code internal/webhook/v1beta1/}): a real API server
 * refuses the apply of such a change with the webhook's message, before the operator or RabbitMQ
 * (which would refuse a re-declaration with PRECONDITION_FAILED) sees it. Refused at submit with
 * the path and the reason instead of being discovered by a failed saga. A stateful check: the
 * orchestrator, which knows the previous spec, runs it.
 *
 * <ul>
 *   <li>a queue's {@code type} and {@code arguments} ({@code queue_webhook.go}); its
 *   {@code durable} and {@code autoDelete} are not in the spec (always durable, never
 *   auto-deleted), its name is its object's name;</li>
 *   <li>an exchange's {@code type} ({@code exchange_webhook.go}; {@code durable} and
 *   {@code autoDelete} likewise fixed);</li>
 *   <li>a binding's {@code source}, {@code destination} and {@code routingKey}
 *   ({@code binding_webhook.go}) are its object's name: a changed binding is another object (the
 *   old one is pruned, the new one created), never an update; it has no arguments in the spec;</li>
 *   <li>{@code spec.messaging.vhost} while any queue, exchange, binding or user (its Permission)
 *   stays: every one of those objects would change its {@code spec.vhost}, which all four
 *   webhooks forbid ("updates on name, vhost, and rabbitmqClusterReference are all forbidden").</li>
 * </ul>
 *
 * A planned delete and re-create (with what it costs: a queue's messages) is issue 28's plan work.
 */
public final class MessagingChanges {

    private MessagingChanges() {
    }

    /** @param previous the spec last submitted (or null); the result is empty when nothing impossible changes */
    public static List<Violation> impossible(Environment previous, Environment next) {
        List<Violation> violations = new ArrayList<>();
        MessagingSpec before = previous == null ? null : previous.spec().messaging();
        MessagingSpec after = next.spec().messaging();
        if (before == null || after == null) {
            return violations;
        }
        if (!Objects.equals(before.vhost(), after.vhost())) {
            List<String> staying = staying(before, after);
            if (!staying.isEmpty()) {
                violations.add(new Violation("spec.messaging.vhost", "was " + before.vhost() + ": the messaging topology operator cannot move "
                        + String.join(", ", staying) + " to another vhost (its webhooks refuse a change of spec.vhost); "
                        + "remove them in one generation and change the vhost in the next (queued messages are lost), or keep the vhost"));
            }
            return violations; // nothing else carries over into a new vhost
        }
        for (int i = 0; i < after.queues().size(); i++) {
            MessagingSpec.Queue queue = after.queues().get(i);
            MessagingSpec.Queue old = before.queues().stream().filter(q -> q.name().equals(queue.name())).findFirst().orElse(null);
            if (old == null) {
                continue;
            }
            String at = "spec.messaging.queues[" + i + "]";
            if (old.type() != queue.type()) {
                violations.add(new Violation(at + ".type", "was " + lower(old.type()) + ": RabbitMQ cannot change a queue's type in place; "
                        + "give the queue a new name, or remove it in one generation and add it again in the next (its messages are lost)"));
            }
            if (!normalised(old.arguments()).equals(normalised(queue.arguments()))) {
                violations.add(new Violation(at + ".arguments", "were " + old.arguments() + ": RabbitMQ cannot change a queue's arguments in "
                        + "place; give the queue a new name, or remove it in one generation and add it again in the next (its messages are lost)"));
            }
        }
        for (int i = 0; i < after.exchanges().size(); i++) {
            MessagingSpec.Exchange exchange = after.exchanges().get(i);
            before.exchanges().stream().filter(e -> e.name().equals(exchange.name()) && e.type() != exchange.type()).findFirst()
                    .ifPresent(old -> violations.add(new Violation("spec.messaging.exchanges[" + after.exchanges().indexOf(exchange) + "].type",
                            "was " + lower(old.type()) + ": RabbitMQ cannot change an exchange's type in place; give it a new name")));
        }
        return violations;
    }

    /** What the new spec keeps of the old one (same objects): queues, exchanges, bindings, users. */
    private static List<String> staying(MessagingSpec before, MessagingSpec after) {
        List<String> staying = new ArrayList<>();
        after.queues().stream().filter(q -> before.queues().stream().anyMatch(o -> o.name().equals(q.name())))
                .forEach(q -> staying.add("queue " + q.name()));
        after.exchanges().stream().filter(e -> before.exchanges().stream().anyMatch(o -> o.name().equals(e.name())))
                .forEach(e -> staying.add("exchange " + e.name()));
        after.bindings().stream().filter(before.bindings()::contains)
                .forEach(b -> staying.add("binding " + b.exchange() + " -> " + b.queue() + (b.routingKey().isEmpty() ? "" : " (" + b.routingKey() + ")")));
        after.users().stream().filter(u -> before.users().stream().anyMatch(o -> o.name().equals(u.name())))
                .forEach(u -> staying.add("user " + u.name() + "'s permissions"));
        return staying;
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase();
    }

    /** Numbers compared by value (3 and 3L are the same argument). */
    private static Map<String, String> normalised(Map<String, Object> arguments) {
        Map<String, String> map = new java.util.TreeMap<>();
        arguments.forEach((k, v) -> map.put(k, String.valueOf(v)));
        return map;
    }
}
