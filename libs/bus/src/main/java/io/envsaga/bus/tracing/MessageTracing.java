package io.envsaga.bus.tracing;

import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.TraceContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The spans of envsaga's messages, with Micrometer Tracing's tracer and its W3C propagator (what
 * Spring Boot configures over OpenTelemetry). The trace context travels in the message as the
 * CloudEvents attributes {@code traceparent} and {@code tracestate} ({@link TraceContext}), so it
 * survives the broker, a restart and the orchestrator's outbox. Why not Spring AMQP's observation
 * of the template and the containers: docs/operations.md, "Tracing".
 */
public final class MessageTracing {

    private final Tracer tracer;
    private final Propagator propagator;

    public MessageTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** No tracer: no spans, no context written. */
    public static MessageTracing none() {
        return new MessageTracing(Tracer.NOOP, Propagator.NOOP);
    }

    /** The context of the span current on this thread, to carry on later (the outbox keeps it with the row); null without one. */
    public TraceContext current() {
        Span span = tracer.currentSpan();
        return span == null ? null : contextOf(span);
    }

    /**
     * A span for publishing {@code event}: a child of the context the event carries (kept from when it was
     * decided), else of the current span. Not put in scope: the publisher ends it once the broker confirms.
     */
    public MessageSpan publishing(Event<?> event, String exchange) {
        Span.Builder builder = event.trace() == null ? tracer.spanBuilder() : propagator.extract(event.trace().fields(), Map::get);
        Span span = tagged(builder.name("publish " + event.routingKey()).kind(Span.Kind.PRODUCER), event)
                .tag("messaging.destination.name", exchange).start();
        return new MessageSpan(span, null, contextOf(span));
    }

    /**
     * A span for handling a received {@code event} (or a step's attempt at it), a child of the context the
     * message carried, or a new trace when it carried none; current on this thread until closed, so that
     * what the handler publishes and logs belongs to it.
     */
    public MessageSpan handling(String name, Event<?> event) {
        Span.Builder builder = event.trace() == null ? tracer.spanBuilder().setNoParent() : propagator.extract(event.trace().fields(), Map::get);
        Span span = tagged(builder.name(name).kind(Span.Kind.CONSUMER), event).start();
        return new MessageSpan(span, tracer.withSpan(span), contextOf(span));
    }

    /** A span for a received message that is not an event (a submission), under the context it carries, if any. */
    public MessageSpan handling(String name, TraceContext parent) {
        Span.Builder builder = parent == null ? tracer.spanBuilder().setNoParent() : propagator.extract(parent.fields(), Map::get);
        Span span = builder.name(name).kind(Span.Kind.CONSUMER).start();
        return new MessageSpan(span, tracer.withSpan(span), contextOf(span));
    }

    private static Span.Builder tagged(Span.Builder builder, Event<?> event) {
        // names and ids only: a spec (and anything else of a body) never goes into a span
        builder.tag("messaging.system", "rabbitmq").tag("envsaga.environment", event.subject())
                .tag("envsaga.generation", Long.toString(event.generation()));
        if (event.sagaId() != null) {
            builder.tag("envsaga.saga_id", event.sagaId());
        }
        if (event.step() != null) {
            builder.tag("envsaga.step", event.step().id());
        }
        return builder;
    }

    private TraceContext contextOf(Span span) {
        Map<String, String> fields = new LinkedHashMap<>();
        propagator.inject(span.context(), fields, Map::put);
        return TraceContext.of(fields);
    }
}
