package io.envsaga.orchestrator.audit;

import io.envsaga.contracts.bus.BusTopology;
import io.envsaga.contracts.events.EventHeaders;
import io.envsaga.contracts.spec.SpecMapper;
import io.envsaga.orchestrator.intake.SubmittedName;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageListener;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Records every message of both exchanges (the audit queue is bound to {@code #} on each):
 * routing key, headers as they came, body and the broker-validated user id. Messages carry no
 * secrets by contract, so nothing is filtered here. Nothing a publisher writes can make a record
 * fail: header values are kept whatever their type, indexed columns are cut to their size. A
 * submission on the intake exchange is filed under the environment its spec names (the subject
 * header, which the submitter chose, is kept in the headers as given).
 */
@Component
public class AuditRecorder implements MessageListener {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final String intakeExchange;

    public AuditRecorder(JdbcClient jdbc, Clock clock, BusTopology topology) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.intakeExchange = topology.intakeExchange();
    }

    @Override
    public void onMessage(Message message) {
        MessageProperties properties = message.getMessageProperties();
        Map<String, Object> headers = HeaderValues.of(properties.getHeaders());
        Object type = headers.get(EventHeaders.TYPE) == null ? properties.getType() : headers.get(EventHeaders.TYPE);
        Object subject = intakeExchange.equals(properties.getReceivedExchange()) ? SubmittedName.of(message.getBody())
                : headers.get(EventHeaders.SUBJECT);
        jdbc.sql("""
                        insert into audit_messages (message_id, exchange, routing_key, type, subject, saga_id, generation, user_id,
                          headers, body, received_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(HeaderValues.column(properties.getMessageId(), 200),
                        HeaderValues.column(properties.getReceivedExchange() == null ? "" : properties.getReceivedExchange(), 255),
                        HeaderValues.column(properties.getReceivedRoutingKey() == null ? "" : properties.getReceivedRoutingKey(), 255),
                        HeaderValues.column(type, 255), HeaderValues.column(subject, 255),
                        HeaderValues.column(headers.get(EventHeaders.SAGA_ID), 200),
                        HeaderValues.generation(headers.get(EventHeaders.GENERATION)),
                        HeaderValues.column(properties.getReceivedUserId(), 255),
                        noNul(SpecMapper.json().writeValueAsString(headers)),
                        noNul(new String(message.getBody(), StandardCharsets.UTF_8)),
                        Timestamp.from(clock.instant()))
                .update();
    }

    /** PostgreSQL text cannot hold NUL; the audit keeps such a body with U+FFFD in its place rather than not at all. */
    private static String noNul(String text) {
        return text.indexOf('\0') < 0 ? text : text.replace('\0', '\uFFFD');
    }
}
