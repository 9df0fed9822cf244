package io.envsaga.orchestrator.messaging;

import io.envsaga.bus.EventPublisher;
import io.envsaga.bus.EventSource;
import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.spec.SpecMapper;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The outbox's way out: after the transaction that decided an event commits, publish it to the
 * broker with a confirm. Spring Modulith records the publication with the transaction and marks
 * it complete only when this listener returns; one that failed (broker down, process killed)
 * stays incomplete and is resubmitted, on restart and periodically, until the broker takes it.
 */
@Component
public class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final EventPublisher publisher;
    private final EventSource source;
    private final IncompleteEventPublications incomplete;
    private final Duration resubmitAfter;

    public OutboxRelay(EventPublisher publisher, EventSource source, IncompleteEventPublications incomplete,
                       @Value("${envsaga.orchestrator.outbox.resubmit-after:15s}") Duration resubmitAfter) {
        this.publisher = publisher;
        this.source = source;
        this.incomplete = incomplete;
        this.resubmitAfter = resubmitAfter;
    }

    @TransactionalEventListener
    public void relay(OutboxMessage message) {
        Object data = SpecMapper.json().readValue(message.dataJson(), message.type().payloadType());
        publisher.publish(new Event<>(message.id(), message.type(), source.uri(), message.environment(), message.time(),
                message.sagaId(), message.generation(), null, data));
    }

    /** Publications older than the confirm timeout and still incomplete did not reach the broker: again. */
    @Scheduled(fixedDelayString = "${envsaga.orchestrator.outbox.resubmit-interval:5s}")
    public void resubmitIncomplete() {
        try {
            incomplete.resubmitIncompletePublicationsOlderThan(resubmitAfter);
        } catch (RuntimeException e) {
            log.warn("outbox resubmission failed, next try soon: {}", e.getMessage());
        }
    }
}
