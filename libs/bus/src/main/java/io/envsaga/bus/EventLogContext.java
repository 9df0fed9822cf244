package io.envsaga.bus;

import io.envsaga.contracts.events.Event;
import org.slf4j.MDC;

/**
 * Puts the environment, saga id and generation of an event into the logging context (MDC), so
 * that every log line written while handling it carries them (see the default log pattern).
 */
public final class EventLogContext implements AutoCloseable {

    public static final String ENVIRONMENT = "environment";
    public static final String SAGA_ID = "sagaId";
    public static final String GENERATION = "generation";

    private EventLogContext() {
    }

    public static EventLogContext of(Event<?> event) {
        return of(event.subject(), event.sagaId(), event.generation());
    }

    public static EventLogContext of(String environment, String sagaId, long generation) {
        MDC.put(ENVIRONMENT, environment);
        MDC.put(SAGA_ID, sagaId == null ? "-" : sagaId);
        MDC.put(GENERATION, Long.toString(generation));
        return new EventLogContext();
    }

    @Override
    public void close() {
        MDC.remove(ENVIRONMENT);
        MDC.remove(SAGA_ID);
        MDC.remove(GENERATION);
    }
}
