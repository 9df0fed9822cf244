package io.envsaga.contracts.events;

/**
 * AMQP header names. The CloudEvents attributes follow the AMQP protocol binding of CloudEvents
 * (binary content mode, {@code cloudEvents_} prefix); {@code sagaId}, {@code generation} and
 * {@code step} are envsaga's own.
 */
public final class EventHeaders {

    public static final String PREFIX = "cloudEvents_";
    public static final String ID = PREFIX + "id";
    public static final String SOURCE = PREFIX + "source";
    public static final String SPEC_VERSION = PREFIX + "specversion";
    public static final String TYPE = PREFIX + "type";
    public static final String SUBJECT = PREFIX + "subject";
    public static final String TIME = PREFIX + "time";
    public static final String SAGA_ID = "sagaId";
    public static final String GENERATION = "generation";
    public static final String STEP = "step";

    public static final String SPEC_VERSION_VALUE = "1.0";

    private EventHeaders() {
    }
}
