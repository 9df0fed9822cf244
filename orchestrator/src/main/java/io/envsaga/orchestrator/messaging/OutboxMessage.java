package io.envsaga.orchestrator.messaging;

import io.envsaga.bus.EventSource;
import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.spec.SpecMapper;
import java.time.Instant;

/**
 * An event on its way out, as the outbox stores it in the same transaction as the saga state:
 * a row of {@code outbox}, the data kept as its JSON.
 *
 * @param sequence the row's id: the order in which the events of one environment go out (0 before it is stored)
 */
public record OutboxMessage(long sequence, String id, EventType type, String environment, long generation, String sagaId,
                            String dataJson, Instant time) {

    /** The event itself, as it goes to the broker. */
    public Event<Object> toEvent(EventSource source) {
        Object data = SpecMapper.json().readValue(dataJson, type.payloadType());
        return new Event<>(id, type, source.uri(), environment, time, sagaId, generation, null, data);
    }
}
