package io.envsaga.orchestrator.messaging;

import io.envsaga.contracts.events.EventType;
import java.time.Instant;

/**
 * An event on its way out, as the outbox (Spring Modulith's event publication registry) stores
 * it in the same transaction as the saga state. The data is kept as its JSON.
 */
public record OutboxMessage(String id, EventType type, String environment, long generation, String sagaId,
                            String dataJson, Instant time) {
}
