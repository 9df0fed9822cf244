package io.envsaga.orchestrator.audit;

import io.envsaga.contracts.events.EventHeaders;
import io.envsaga.contracts.spec.SpecMapper;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageListener;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Records every message of both exchanges (the audit queue is bound to {@code #} on each):
 * routing key, headers, body and the broker-validated user id. Messages carry no secrets by
 * contract, so nothing is filtered here.
 */
@Component
public class AuditRecorder implements MessageListener {

    private final JdbcClient jdbc;
    private final Clock clock;

    public AuditRecorder(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public void onMessage(Message message) {
        MessageProperties properties = message.getMessageProperties();
        Map<String, Object> headers = new TreeMap<>();
        properties.getHeaders().forEach((k, v) -> headers.put(k, v == null ? null : v instanceof Number || v instanceof Boolean ? v : v.toString()));
        // any prefix envsaga reads (see EventHeaders); the headers are stored as they came
        Object generation = EventHeaders.first(headers, EventHeaders.ATTR_GENERATION).orElse(null);
        Object subject = EventHeaders.first(headers, EventHeaders.ATTR_SUBJECT).orElse(null);
        Object sagaId = EventHeaders.first(headers, EventHeaders.ATTR_SAGA_ID).orElse(null);
        Object type = EventHeaders.first(headers, EventHeaders.ATTR_TYPE).orElse(properties.getType());
        jdbc.sql("""
                        insert into audit_messages (message_id, exchange, routing_key, type, subject, saga_id, generation, user_id,
                          headers, body, received_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(properties.getMessageId(), properties.getReceivedExchange(), properties.getReceivedRoutingKey(),
                        type == null ? null : type.toString(),
                        subject == null ? null : subject.toString(), sagaId == null ? null : sagaId.toString(),
                        generation == null ? null : Long.valueOf(generation.toString()), properties.getReceivedUserId(),
                        SpecMapper.json().writeValueAsString(headers), new String(message.getBody(), StandardCharsets.UTF_8),
                        Timestamp.from(clock.instant()))
                .update();
    }
}
