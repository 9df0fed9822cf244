package io.envsaga.chaos;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;

/**
 * Delivers every message on the events exchange twice: a consumer of a queue of its own (bound
 * to everything) publishes each message again, unchanged (same message id, headers and body,
 * same broker user), marked with {@value #COPY_HEADER} so that a copy is not copied again. Every
 * step service and the orchestrator thus receive each command and answer twice, the second often
 * after other messages, as a broker's redelivery or a publisher's retry would cause.
 */
final class Duplicator implements AutoCloseable {

    static final String COPY_HEADER = "x-chaos-copy";
    private static final String QUEUE = "chaos-suite.twice";

    private final ChaosSystem system;
    private final SimpleMessageListenerContainer container;
    final AtomicLong copies = new AtomicLong();

    Duplicator(ChaosSystem system) {
        this.system = system;
        RabbitAdmin admin = new RabbitAdmin(system.connections());
        Queue queue = QueueBuilder.durable(QUEUE).quorum().build();
        admin.declareQueue(queue);
        admin.declareBinding(ChaosSystem.bind(queue, system.topology.eventsExchange()));
        container = new SimpleMessageListenerContainer(system.connections());
        container.setQueueNames(QUEUE);
        container.setMessageListener(message -> {
            if (message.getMessageProperties().getHeader(COPY_HEADER) == null) {
                message.getMessageProperties().setHeader(COPY_HEADER, true);
                // the broker vouches for user_id: the copy carries the original's (the suite connects as the same user)
                message.getMessageProperties().setUserId(message.getMessageProperties().getReceivedUserId());
                system.template().send(system.topology.eventsExchange(), message.getMessageProperties().getReceivedRoutingKey(), message);
                copies.incrementAndGet();
            }
        });
        container.start();
    }

    @Override
    public void close() {
        container.stop();
        new RabbitAdmin(system.connections()).deleteQueue(QUEUE);
    }
}
