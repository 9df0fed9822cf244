package io.envsaga.orchestrator.audit;

import io.envsaga.contracts.bus.BusTopology;
import io.envsaga.contracts.events.EventHeaders;
import io.envsaga.contracts.spec.EnvironmentValidator;
import io.envsaga.contracts.spec.SpecMapper;
import io.envsaga.orchestrator.intake.IntakeFiling;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.amqp.core.BatchMessageListener;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records every message of both exchanges (the audit queue is bound to {@code #} on each):
 * routing key, headers as they came, body and the broker-validated user id. Messages carry no
 * secrets by contract, so nothing is filtered here. Nothing a publisher writes can make a record
 * fail: header values are kept whatever their type, indexed columns are cut to their size. A
 * submission on the intake exchange is filed under the environment its spec names, read by the
 * validator's own parser ({@link SubmittedName}: the name the saga runs; the subject header, which
 * the submitter chose, is kept in the headers as given).
 *
 * <p>Batched: the container hands over up to {@link #BATCH} messages at once; they are inserted
 * with one JDBC batch in one transaction and acknowledged together (one commit per batch instead
 * of one per message). A batch the database refuses goes back to the queue whole. Once a batch
 * has committed, {@link HistoryRecorded} names its environments.
 */
@Component
public class AuditRecorder implements BatchMessageListener {

    /** The most messages recorded in one transaction. */
    public static final int BATCH = 200;
    private static final int SUBJECT = 4;
    private static final String INSERT = """
            insert into audit_messages (message_id, exchange, routing_key, type, subject, saga_id, generation, user_id,
              headers, body, received_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final String intakeExchange;
    private final IntakeFiling intakeFiling;
    private final ApplicationEventPublisher events;

    public AuditRecorder(JdbcTemplate jdbc, PlatformTransactionManager transactions, Clock clock, BusTopology topology,
                         IntakeFiling intakeFiling, ApplicationEventPublisher events) {
        this.intakeFiling = intakeFiling;
        this.events = events;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
        this.intakeExchange = topology.intakeExchange();
    }

    @Override
    public void onMessageBatch(List<Message> messages) {
        List<Object[]> rows = messages.stream().map(this::row).toList();
        transaction.executeWithoutResult(status -> jdbc.batchUpdate(INSERT, rows));
        Set<String> environments = new LinkedHashSet<>();
        rows.stream().map(row -> (String) row[SUBJECT]).filter(Objects::nonNull).forEach(environments::add);
        if (!environments.isEmpty()) {
            events.publishEvent(new HistoryRecorded(Set.copyOf(environments)));
        }
    }

    @Override
    public void onMessage(Message message) {
        onMessageBatch(List.of(message));
    }

    private Object[] row(Message message) {
        MessageProperties properties = message.getMessageProperties();
        Map<String, Object> headers = HeaderValues.of(properties.getHeaders());
        // any header name envsaga reads (EventHeaders: cloudEvents_, cloudEvents:, ce-, the old names)
        Object type = EventHeaders.first(headers, EventHeaders.ATTR_TYPE).orElse(properties.getType());
        boolean intake = intakeExchange.equals(properties.getReceivedExchange());
        Object subject = intake ? intakeFiling.subject(message.getBody(), properties.getReceivedUserId())
                : EventHeaders.first(headers, EventHeaders.ATTR_SUBJECT).orElse(null);
        return new Object[] {HeaderValues.column(properties.getMessageId(), 200),
                HeaderValues.column(properties.getReceivedExchange() == null ? "" : properties.getReceivedExchange(), 255),
                HeaderValues.column(properties.getReceivedRoutingKey() == null ? "" : properties.getReceivedRoutingKey(), 255),
                HeaderValues.column(type, 255), HeaderValues.column(subject, 255),
                HeaderValues.column(EventHeaders.first(headers, EventHeaders.ATTR_SAGA_ID).orElse(null), 200),
                HeaderValues.generation(EventHeaders.first(headers, EventHeaders.ATTR_GENERATION).orElse(null)),
                HeaderValues.column(properties.getReceivedUserId(), 255),
                noNul(SpecMapper.json().writeValueAsString(headers)),
                noNul(intake ? intakeFiling.body(message.getBody()) : new String(message.getBody(), StandardCharsets.UTF_8)),
                Timestamp.from(clock.instant())};
    }

    /** PostgreSQL text cannot hold NUL; the audit keeps such a body with U+FFFD in its place rather than not at all. */
    private static String noNul(String text) {
        return text.indexOf('\0') < 0 ? text : text.replace('\0', '\uFFFD');
    }
}
