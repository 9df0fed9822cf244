package io.envsaga.orchestrator.messaging;

import io.envsaga.bus.EventSource;
import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.TraceContext;
import java.time.Instant;
import tools.jackson.databind.util.RawValue;

/**
 * An event on its way out, as the outbox stores it in the same transaction as the saga state:
 * a row of {@code outbox}, the data kept as its JSON.
 *
 * @param sequence the row's id: the order in which the events of one environment go out (0 before it is stored)
 * @param cluster  the environment's cluster (a command's routing key carries it); null in rows older than clusters
 * @param trace    the trace context of the span that decided it, continued when it is published; null: none
 */
public record OutboxMessage(long sequence, String id, EventType type, String environment, long generation, String sagaId,
                            String cluster, String dataJson, Instant time, TraceContext trace) {

    /**
     * The event itself, as it goes to the broker. Its body is the stored JSON, written as it is:
     * reading it into the payload type only to write it again was most of the outbox's work for an
     * {@code environment.requested}, whose body is the spec.
     */
    public Event<Object> toEvent(EventSource source) {
        return new Event<>(id, type, source.uri(), environment, time, sagaId, generation, null, cluster, new RawValue(dataJson), trace);
    }
}
