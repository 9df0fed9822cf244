package io.envsaga.simulation.bus;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Exchange;
import org.springframework.amqp.core.Queue;

/** Declares a topology's exchanges, queues and bindings at once, outside a Spring context (simulated services, the benchmark). */
public final class Declarations {

    private Declarations() {
    }

    public static void declare(AmqpAdmin admin, Declarables declarables) {
        for (Declarable declarable : declarables.getDeclarables()) {
            if (declarable instanceof Exchange exchange) {
                admin.declareExchange(exchange);
            } else if (declarable instanceof Queue queue) {
                admin.declareQueue(queue);
            } else if (declarable instanceof Binding binding) {
                admin.declareBinding(binding);
            }
        }
    }
}
