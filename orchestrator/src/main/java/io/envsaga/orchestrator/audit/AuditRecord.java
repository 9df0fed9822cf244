package io.envsaga.orchestrator.audit;

import io.envsaga.contracts.events.EventHeaders;
import io.envsaga.contracts.events.TraceContext;
import java.time.Instant;
import java.util.Map;

/**
 * One message as the audit queue received it.
 *
 * @param userId the broker-validated AMQP {@code user_id}: who published it, as the broker vouches
 * @param body    the body as text (JSON or the submitted YAML)
 * @param traceId the trace the message belongs to (its {@code traceparent}, docs/operations.md, "Tracing"); null: none
 */
public record AuditRecord(long id, String messageId, String exchange, String routingKey, String type, String subject,
                          String sagaId, Long generation, String userId, Map<String, Object> headers, String body,
                          Instant receivedAt, String traceId) {

    /** The trace id in recorded headers: the first {@code traceparent} found, not checked against the others (a record, not a decision). */
    static String traceIdOf(Map<String, Object> headers) {
        TraceContext trace = EventHeaders.first(headers, TraceContext.ATTR_TRACEPARENT)
                .map(v -> TraceContext.of(Map.of(TraceContext.ATTR_TRACEPARENT, v))).orElse(null);
        return trace == null ? null : trace.traceId();
    }
}
