package io.envsaga.orchestrator.messaging;

import io.envsaga.bus.EventLogContext;
import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventCodec;
import io.envsaga.contracts.events.Step;
import io.envsaga.contracts.events.UnreadableEventException;
import io.envsaga.orchestrator.saga.SagaService;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageListener;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * The step services' answers into the saga. Acknowledged when the transaction that applied it
 * has committed; an unreadable message goes to the DLQ; a database error puts it back. Only the
 * broker user configured for a step ({@link StepSenders}) can answer for it; anything else goes
 * to the DLQ (and is in the audit history with its user id).
 */
@Component
@EnableConfigurationProperties(StepSenders.class)
public class StepEventsListener implements MessageListener {

    private static final Logger log = LoggerFactory.getLogger(StepEventsListener.class);

    private final SagaService saga;
    private final Map<Step, String> senders;

    public StepEventsListener(SagaService saga, StepSenders senders, ConnectionFactory connectionFactory) {
        this.saga = saga;
        this.senders = senders.resolve(connectionFactory.getUsername());
    }

    @Override
    public void onMessage(Message message) {
        Event<?> event;
        try {
            event = EventCodec.fromMessage(message);
        } catch (UnreadableEventException e) {
            log.error("unreadable step event sent to the dead-letter queue: {}", e.getMessage());
            throw new AmqpRejectAndDontRequeueException(e.getMessage());
        }
        if (event.step() == null) {
            throw new AmqpRejectAndDontRequeueException(event.type() + " without a step");
        }
        String sender = message.getMessageProperties().getReceivedUserId();
        if (sender == null || !sender.equals(senders.get(event.step()))) {
            // a forged answer: whoever can write to the events exchange must not be able to finish a saga
            log.warn("{} of {} from broker user '{}' refused: step {} answers only as '{}' (envsaga.orchestrator.step-users.{})",
                    event.routingKey(), event.describe(), sender, event.step().id(), senders.get(event.step()), event.step().id());
            throw new AmqpRejectAndDontRequeueException("step answer from an unexpected broker user");
        }
        try (EventLogContext ignored = EventLogContext.of(event)) {
            saga.onStepEvent(event);
        }
    }
}
