package io.envsaga.contracts.events;

import java.time.Instant;
import java.util.Objects;

/**
 * One message of the bus: the CloudEvents attributes (carried as AMQP headers), the saga it
 * belongs to, and its body.
 *
 * @param id         unique per message (CloudEvents {@code id}, AMQP message-id)
 * @param type       what happened
 * @param source     who says so, e.g. {@code /envsaga/dns-service}
 * @param subject    the environment's name
 * @param time       when it was published
 * @param sagaId     the saga of this environment's generation
 * @param generation the generation of the spec this event is about
 * @param step       for step events, whose step it is
 * @param cluster    the cluster of the environment (CloudEvents extension {@code cluster}); null from a service older
 *                   than clusters, which means the default cluster ({@link ClusterRoute})
 * @param data       the body (see {@link EventType#payloadType()})
 * @param trace      the W3C trace context it continues (CloudEvents extension {@code traceparent}); null when untraced
 */
public record Event<T>(String id, EventType type, String source, String subject, Instant time,
                       String sagaId, long generation, Step step, String cluster, T data, TraceContext trace) {

    /** An event that carries no trace context (the publisher adds its span's). */
    public Event(String id, EventType type, String source, String subject, Instant time,
                 String sagaId, long generation, Step step, String cluster, T data) {
        this(id, type, source, subject, time, sagaId, generation, step, cluster, data, null);
    }

    public Event {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(time, "time");
        if (type.isStepEvent() && step == null) {
            throw new IllegalArgumentException(type + " needs a step");
        }
        if (cluster != null) {
            ClusterRoute.checked(cluster);
        }
    }

    /** A new event with a fresh id and the current time. */
    public static <T> Event<T> of(EventType type, String source, String subject, String sagaId, long generation, Step step, T data) {
        return new Event<>(Ids.random(), type, source, subject, Instant.now(), sagaId, generation, step, null, data);
    }

    /** This event about an environment on {@code cluster}. */
    public Event<T> onCluster(String cluster) {
        return new Event<>(id, type, source, subject, time, sagaId, generation, step, cluster, data, trace);
    }

    /** This event continuing the trace {@code context} (null: none). */
    public Event<T> withTrace(TraceContext context) {
        return new Event<>(id, type, source, subject, time, sagaId, generation, step, cluster, data, context);
    }

    /** A command's carries its cluster ({@link EventType#routingKey(Step, String)}). */
    public String routingKey() {
        return type.routingKey(step, cluster);
    }

    /** Log and reason prefix naming the environment, saga and generation. */
    public String describe() {
        return subject + " (saga " + sagaId + ", generation " + generation + ")";
    }
}
