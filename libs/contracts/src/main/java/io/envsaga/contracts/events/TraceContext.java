package io.envsaga.contracts.events;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The W3C trace context a message carries: the CloudEvents distributed-tracing extension's
 * {@code traceparent} and {@code tracestate} attributes (docs/events.md, "Tracing"). envsaga
 * writes them like every other attribute ({@link EventHeaders}); the tracer fills them.
 *
 * @param traceparent {@code 00-<trace id>-<parent id>-<flags>}
 * @param tracestate  vendor data, or null
 */
public record TraceContext(String traceparent, String tracestate) {

    public static final String ATTR_TRACEPARENT = "traceparent";
    public static final String ATTR_TRACESTATE = "tracestate";

    private static final Pattern TRACEPARENT = Pattern.compile("^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}.*");

    public TraceContext {
        Objects.requireNonNull(traceparent, "traceparent");
        if (tracestate != null && tracestate.isBlank()) {
            tracestate = null;
        }
    }

    /** The context in these propagation fields (as a propagator writes them); null without a valid {@code traceparent}. */
    public static TraceContext of(Map<String, ?> fields) {
        Object traceparent = fields.get(ATTR_TRACEPARENT);
        if (traceparent == null || !TRACEPARENT.matcher(traceparent.toString()).matches()) {
            return null;
        }
        Object tracestate = fields.get(ATTR_TRACESTATE);
        return new TraceContext(traceparent.toString(), tracestate == null ? null : tracestate.toString());
    }

    /** The context in a message's headers, read like every other attribute; null when it carries none. */
    public static TraceContext read(Map<String, Object> headers) {
        Map<String, Object> fields = new LinkedHashMap<>();
        EventHeaders.read(headers, ATTR_TRACEPARENT).ifPresent(v -> fields.put(ATTR_TRACEPARENT, v));
        EventHeaders.read(headers, ATTR_TRACESTATE).ifPresent(v -> fields.put(ATTR_TRACESTATE, v));
        return of(fields);
    }

    /** The propagation fields, for a propagator to read. */
    public Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(ATTR_TRACEPARENT, traceparent);
        if (tracestate != null) {
            fields.put(ATTR_TRACESTATE, tracestate);
        }
        return fields;
    }

    /** The trace's id: 32 hex digits. */
    public String traceId() {
        return traceparent.substring(3, 35);
    }
}
