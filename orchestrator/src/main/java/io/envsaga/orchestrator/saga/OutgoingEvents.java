package io.envsaga.orchestrator.saga;

import java.time.Instant;
import java.util.List;

/**
 * Where {@link SagaService} hands the events its decisions publish: they are stored with the
 * caller's transaction, beside the state, and go to the broker once it has committed (the
 * messaging package's transactional outbox).
 */
public interface OutgoingEvents {

    /** Stores the events, in order, as decided at {@code time}, with the caller's transaction. */
    void append(List<Outgoing> events, Instant time);
}
