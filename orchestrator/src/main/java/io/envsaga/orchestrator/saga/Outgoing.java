package io.envsaga.orchestrator.saga;

import io.envsaga.contracts.events.EventType;

/**
 * An event the saga asks to publish (through the outbox, in the same transaction as the state).
 *
 * @param cluster the environment's cluster: a command's routing key carries it (docs/clusters.md); null until
 *                {@link SagaService} names it
 */
public record Outgoing(EventType type, String environment, long generation, String sagaId, Object data, String cluster) {

    public Outgoing(EventType type, String environment, long generation, String sagaId, Object data) {
        this(type, environment, generation, sagaId, data, null);
    }

    Outgoing onCluster(String name) {
        return new Outgoing(type, environment, generation, sagaId, data, name);
    }
}
