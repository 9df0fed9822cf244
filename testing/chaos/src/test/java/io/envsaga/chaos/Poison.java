package io.envsaga.chaos;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageProperties;
import io.envsaga.contracts.events.Step;

/**
 * Poison messages: one unreadable message on every queue of envsaga's topology (no CloudEvents
 * attributes, a body that is not JSON), published straight to the queue. A consumer must
 * dead-letter it and go on with the messages behind it.
 */
final class Poison {

    private Poison() {
    }

    /** The queues of the topology: the five steps', the orchestrator's two and the audit. */
    static List<String> queues(ChaosSystem system) {
        List<String> queues = new ArrayList<>();
        for (Step step : Step.values()) {
            queues.add(system.topology.stepQueue(step));
        }
        queues.add(system.topology.orchestratorIntakeQueue());
        queues.add(system.topology.orchestratorStepsQueue());
        queues.add(system.topology.auditQueue());
        return queues;
    }

    /** Publishes one poison message to each queue; returns the queues. */
    static List<String> inject(ChaosSystem system) {
        List<String> queues = queues(system);
        for (String queue : queues) {
            Message poison = MessageBuilder.withBody(("poison for " + queue + " {{{").getBytes(StandardCharsets.UTF_8))
                    .setContentType(MessageProperties.CONTENT_TYPE_JSON)
                    .setDeliveryMode(org.springframework.amqp.core.MessageDeliveryMode.PERSISTENT)
                    .setHeader(Invariants.POISON_HEADER, queue).build();
            system.template().send("", queue, poison);
        }
        return queues;
    }
}
