package io.envsaga.orchestrator.messaging;

import io.envsaga.bus.tracing.MessageTracing;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Ids;
import io.envsaga.contracts.events.TraceContext;
import io.envsaga.contracts.spec.SpecMapper;
import io.envsaga.orchestrator.saga.Outgoing;
import io.envsaga.orchestrator.saga.OutgoingEvents;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The transactional outbox's table: events are appended inside the transaction that decided them
 * and read, then deleted, by {@link OutboxDispatcher}. Every method is one short statement: no
 * caller holds a connection while it waits for the broker.
 */
@Repository
public class Outbox implements OutgoingEvents {

    private final JdbcClient jdbc;
    private final OutboxSignal signal;
    private final MessageTracing tracing;

    public Outbox(JdbcClient jdbc, OutboxSignal signal, MessageTracing tracing) {
        this.jdbc = jdbc;
        this.signal = signal;
        this.tracing = tracing;
    }

    /**
     * Stores the saga's events with the caller's transaction, each under a new id and with the current trace
     * context (the submission's, or the answer's that decided them); the dispatcher is woken once it commits.
     */
    @Override
    public void append(List<Outgoing> events, Instant time) {
        TraceContext trace = tracing.current();
        List<OutboxMessage> messages = events.stream().map(e -> new OutboxMessage(0, Ids.random(), e.type(), e.environment(),
                e.generation(), e.sagaId(), e.cluster(), SpecMapper.json().writeValueAsString(e.data()), time, trace)).toList();
        for (OutboxMessage m : messages) {
            jdbc.sql("""
                    insert into outbox (message_id, type, environment, generation, saga_id, cluster, data, created_at, traceparent, tracestate)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """).params(m.id(), m.type().name(), m.environment(), m.generation(), m.sagaId(), m.cluster(), m.dataJson(),
                    Timestamp.from(m.time()), trace == null ? null : trace.traceparent(), trace == null ? null : trace.tracestate()).update();
        }
        if (messages.isEmpty()) {
            return;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    signal.wake(); // no I/O here: the committing thread still holds its connection
                }
            });
        } else {
            signal.wake();
        }
    }

    /** The oldest messages, in the order they were stored. */
    List<OutboxMessage> oldest(int limit) {
        return jdbc.sql("select * from outbox order by id fetch first " + limit + " rows only")
                .query((rs, i) -> new OutboxMessage(rs.getLong("id"), rs.getString("message_id"), EventType.valueOf(rs.getString("type")),
                        rs.getString("environment"), rs.getLong("generation"), rs.getString("saga_id"), rs.getString("cluster"), rs.getString("data"),
                        rs.getTimestamp("created_at").toInstant(),
                        TraceContext.of(traceFields(rs.getString("traceparent"), rs.getString("tracestate")))))
                .list();
    }

    private static java.util.Map<String, String> traceFields(String traceparent, String tracestate) {
        java.util.Map<String, String> fields = new java.util.HashMap<>();
        if (traceparent != null) {
            fields.put(TraceContext.ATTR_TRACEPARENT, traceparent);
        }
        if (tracestate != null) {
            fields.put(TraceContext.ATTR_TRACESTATE, tracestate);
        }
        return fields;
    }

    /** Forgets messages the broker has confirmed. */
    void delete(List<Long> sequences) {
        if (sequences.isEmpty()) {
            return;
        }
        jdbc.sql("delete from outbox where id in (:ids)").param("ids", sequences).update();
    }

    /** How many messages wait (for metrics and tests). */
    public long backlog() {
        return jdbc.sql("select count(*) from outbox").query(Long.class).single();
    }

    /** When the oldest waiting message was stored; null when none waits. */
    Instant oldestTime() {
        return jdbc.sql("select created_at from outbox order by id fetch first 1 rows only").query(Timestamp.class).optional()
                .map(Timestamp::toInstant).orElse(null);
    }

    /**
     * Takes or renews the dispatcher lease; false while another replica holds it.
     *
     * @param owner this replica's id
     */
    boolean lease(String owner, Instant now, Instant until) {
        return jdbc.sql("update outbox_dispatcher set owner = ?, lease_until = ? where id = 1 and (owner = ? or lease_until < ?)")
                .params(owner, Timestamp.from(until), owner, Timestamp.from(now)).update() == 1;
    }

    /** Gives the lease up on shutdown, so that another replica takes over at once. */
    void release(String owner) {
        jdbc.sql("update outbox_dispatcher set lease_until = ? where id = 1 and owner = ?")
                .params(Timestamp.from(Instant.EPOCH), owner).update();
    }
}
