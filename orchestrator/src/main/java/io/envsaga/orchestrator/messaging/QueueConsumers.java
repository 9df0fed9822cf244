package io.envsaga.orchestrator.messaging;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.MessageListener;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;

/** The orchestrator's plain consumers (the intake's, the audit's), each declared by its own package. */
public final class QueueConsumers {

    private QueueConsumers() {
    }

    /** One consumer per queue (they are single-active-consumer queues anyway); ack after the listener returns. */
    public static SimpleMessageListenerContainer of(ConnectionFactory connectionFactory, String queue, MessageListener listener) {
        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connectionFactory);
        container.setQueueNames(queue);
        container.setAcknowledgeMode(AcknowledgeMode.AUTO);
        container.setDefaultRequeueRejected(true);
        container.setMissingQueuesFatal(false);
        container.setPrefetchCount(50);
        container.setMessageListener(listener);
        return container;
    }
}
