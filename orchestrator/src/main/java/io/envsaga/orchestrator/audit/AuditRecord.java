package io.envsaga.orchestrator.audit;

import java.time.Instant;
import java.util.Map;

/**
 * One message as the audit queue received it.
 *
 * @param userId the broker-validated AMQP {@code user_id}: who published it, as the broker vouches
 * @param body   the body as text (JSON or the submitted YAML)
 */
public record AuditRecord(long id, String messageId, String exchange, String routingKey, String type, String subject,
                          String sagaId, Long generation, String userId, Map<String, Object> headers, String body,
                          Instant receivedAt) {
}
