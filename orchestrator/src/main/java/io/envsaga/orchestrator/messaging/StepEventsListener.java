package io.envsaga.orchestrator.messaging;

import io.envsaga.bus.EventLogContext;
import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventCodec;
import io.envsaga.contracts.events.UnreadableEventException;
import io.envsaga.orchestrator.saga.SagaService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageListener;
import org.springframework.stereotype.Component;

/**
 * The step services' answers into the saga. Acknowledged when the transaction that applied it
 * has committed; an unreadable message goes to the DLQ; a database error puts it back.
 */
@Component
public class StepEventsListener implements MessageListener {

    private static final Logger log = LoggerFactory.getLogger(StepEventsListener.class);

    private final SagaService saga;

    public StepEventsListener(SagaService saga) {
        this.saga = saga;
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
        try (EventLogContext ignored = EventLogContext.of(event)) {
            saga.onStepEvent(event);
        }
    }
}
