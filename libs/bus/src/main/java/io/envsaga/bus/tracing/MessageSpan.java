package io.envsaga.bus.tracing;

import io.envsaga.contracts.events.TraceContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;

/** One span of {@link MessageTracing}: ended (and taken out of scope, if it was put in) by {@link #close()}. */
public final class MessageSpan implements AutoCloseable {

    private final Span span;
    private final Tracer.SpanInScope scope;
    private final TraceContext context;

    MessageSpan(Span span, Tracer.SpanInScope scope, TraceContext context) {
        this.span = span;
        this.scope = scope;
        this.context = context;
    }

    /** This span's context, as a message carries it; null when nothing is traced. */
    public TraceContext context() {
        return context;
    }

    /** Marks the span failed with a reason (reasons name objects and states, never secrets). */
    public void failed(String reason) {
        span.error(new IllegalStateException(reason));
    }

    /** Something that happened at this point of the span, e.g. the saga's outcome. */
    public void event(String what) {
        span.event(what);
    }

    @Override
    public void close() {
        if (scope != null) {
            scope.close();
        }
        span.end();
    }
}
