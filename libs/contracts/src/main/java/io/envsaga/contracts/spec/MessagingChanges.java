package io.envsaga.contracts.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What RabbitMQ cannot change in place, found by comparing a submitted spec with the one before
 * it: a queue's type or arguments and an exchange's type are fixed at declaration (re-declaring
 * with others is refused with PRECONDITION_FAILED). Refused at submit with the path and the
 * reason instead of being discovered by a failed saga. A stateful check: the orchestrator, which
 * knows the previous spec, runs it.
 */
public final class MessagingChanges {

    private MessagingChanges() {
    }

    /** @param previous the spec last submitted (or null); the result is empty when nothing impossible changes */
    public static List<Violation> impossible(Environment previous, Environment next) {
        List<Violation> violations = new ArrayList<>();
        MessagingSpec before = previous == null ? null : previous.spec().messaging();
        MessagingSpec after = next.spec().messaging();
        if (before == null || after == null || !Objects.equals(before.vhost(), after.vhost())) {
            return violations; // a new vhost starts afresh
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
