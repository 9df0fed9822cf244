package io.envsaga.orchestrator.messaging;

/** Told of every message the broker has confirmed, on the dispatcher's thread, in order per environment. */
public interface OutboxListener {

    void published(OutboxMessage message);
}
