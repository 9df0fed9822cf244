package io.envsaga.bus;

import io.envsaga.contracts.events.Event;
import org.slf4j.MDC;

/**
 * Puts the environment, saga id and generation of an event (and, in a step service, its step)
 * into the logging context (MDC), so that every log line written while handling it carries them
 * (see the default log pattern; structured logging makes each a field of the JSON line).
 */
public final class EventLogContext implements AutoCloseable {

    public static final String ENVIRONMENT = "environment";
    public static final String SAGA_ID = "sagaId";
    public static final String GENERATION = "generation";
    public static final String STEP = "step";

    private EventLogContext() {
    }

    public static EventLogContext of(Event<?> event) {
        return of(event.subject(), event.sagaId(), event.generation());
    }

    /** The event's context and the step that handles it. */
    public static EventLogContext of(Event<?> event, String step) {
        EventLogContext context = of(event);
        MDC.put(STEP, step);
        return context;
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
        MDC.remove(STEP);
    }
}
