package io.envsaga.orchestrator.saga;

import io.envsaga.contracts.events.EventType;

/** An event the saga asks to publish (through the outbox, in the same transaction as the state). */
public record Outgoing(EventType type, String environment, long generation, String sagaId, Object data) {
}
