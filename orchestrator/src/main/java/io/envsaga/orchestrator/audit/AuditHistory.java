package io.envsaga.orchestrator.audit;

import io.envsaga.contracts.spec.SpecMapper;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;

/** Queries of the audit history: per environment, in the order received, optionally by time range. */
@Repository
public class AuditHistory {

    private static final TypeReference<Map<String, Object>> HEADERS = new TypeReference<>() { };

    private final JdbcClient jdbc;

    public AuditHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<AuditRecord> of(String environment, Instant from, Instant to) {
        return jdbc.sql("""
                        select * from audit_messages where subject = ? and received_at >= ? and received_at <= ? order by id
                        """)
                .params(environment, Timestamp.from(from == null ? Instant.EPOCH : from),
                        Timestamp.from(to == null ? Instant.parse("9999-12-31T23:59:59Z") : to))
                .query((rs, i) -> {
                    Map<String, Object> headers = SpecMapper.json().readValue(rs.getString("headers"), HEADERS);
                    return new AuditRecord(rs.getLong("id"), rs.getString("message_id"), rs.getString("exchange"),
                            rs.getString("routing_key"), rs.getString("type"), rs.getString("subject"), rs.getString("saga_id"),
                            (Long) rs.getObject("generation", Long.class), rs.getString("user_id"), headers, rs.getString("body"),
                            rs.getTimestamp("received_at").toInstant(), AuditRecord.traceIdOf(headers));
                })
                .list();
    }
}
