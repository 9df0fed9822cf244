package io.envsaga.orchestrator.expiry;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * {@code environment_expiry} (migration {@code V28_1}). Every write happens under the environment's
 * lock (in a change of its saga, or in the sweep's review), so rows need no lock of their own.
 */
@Repository
public class ExpiryStore {

    private final JdbcClient jdbc;

    public ExpiryStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<ExpiryRow> find(String environment) {
        return jdbc.sql("select * from environment_expiry where environment = ?").param(environment)
                .query((rs, i) -> row(rs)).optional();
    }

    /** When the environment expires; null: never (or no such environment). */
    public Instant expiresAt(String environment) {
        return find(environment).map(row -> row.due() == null ? null : row.due().expiresAt()).orElse(null);
    }

    /** When each environment expires (those that do), for the API's list. */
    public Map<String, Instant> expiresAt() {
        Map<String, Instant> all = new HashMap<>();
        jdbc.sql("select environment, expires_at from environment_expiry where expires_at is not null").query((rs, i) -> {
            all.put(rs.getString(1), rs.getTimestamp(2).toInstant());
            return null;
        }).list();
        return all;
    }

    /**
     * Settled environments that may have something to do at {@code now}: due for their warning by
     * {@code warnFrom} (now + warn-before) and not warned for this generation, or warned and past
     * their time. {@link ExpiryRules#next} decides again under each one's lock.
     */
    public List<String> candidates(Instant now, Instant warnFrom) {
        return jdbc.sql("""
                select x.environment from environment_expiry x join environments e on e.name = x.environment
                where e.phase in ('READY', 'FAILED') and x.expires_at <= ?
                  and (x.warned_generation < x.generation or x.expires_at <= ?)
                order by x.expires_at
                """).params(Timestamp.from(warnFrom), Timestamp.from(now)).query(String.class).list();
    }

    /** A submitter's new generation: the clock starts again, and the next warning is this generation's. */
    void submitted(String environment, long generation, Instant at, Due due) {
        int updated = jdbc.sql("""
                update environment_expiry set generation = ?, submitted_at = ?, applied_at = null, expires_at = ?, expiry_limit = ?,
                  expiry_after = ?, expiry_since = ?, expiry_origin = ? where environment = ? and generation < ?
                """).params(generation, Timestamp.from(at), at(due), limit(due), after(due), since(due), origin(due), environment, generation)
                .update();
        if (updated == 0) {
            jdbc.sql("""
                    insert into environment_expiry (environment, generation, submitted_at, expires_at, expiry_limit, expiry_after,
                      expiry_since, expiry_origin) values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing
                    """).params(environment, generation, Timestamp.from(at), at(due), limit(due), after(due), since(due), origin(due))
                    .update();
        }
    }

    /** The submitted generation became ready: the ttl counts from now. */
    void applied(String environment, long generation, Instant at, Due due) {
        jdbc.sql("""
                update environment_expiry set applied_at = ?, expires_at = ?, expiry_limit = ?, expiry_after = ?, expiry_since = ?,
                  expiry_origin = ? where environment = ? and generation = ? and applied_at is null
                """).params(Timestamp.from(at), at(due), limit(due), after(due), since(due), origin(due), environment, generation).update();
    }

    /** Warned for this generation, to be deleted at {@code deletesAt}. */
    void warned(String environment, long generation, Instant deletesAt) {
        jdbc.sql("update environment_expiry set warned_generation = ?, expires_at = ? where environment = ?")
                .params(generation, Timestamp.from(deletesAt), environment).update();
    }

    void forget(String environment) {
        jdbc.sql("delete from environment_expiry where environment = ?").param(environment).update();
    }

    private static ExpiryRow row(ResultSet rs) throws SQLException {
        Timestamp expiresAt = rs.getTimestamp("expires_at");
        Due due = expiresAt == null ? null : new Due(expiresAt.toInstant(), rs.getString("expiry_limit"), rs.getString("expiry_after"),
                instant(rs, "expiry_since"), rs.getString("expiry_origin"));
        return new ExpiryRow(rs.getString("environment"), rs.getLong("generation"), instant(rs, "submitted_at"), instant(rs, "applied_at"),
                due, rs.getLong("warned_generation"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static Timestamp at(Due due) {
        return due == null ? null : Timestamp.from(due.expiresAt());
    }

    private static String limit(Due due) {
        return due == null ? null : due.limit();
    }

    private static String after(Due due) {
        return due == null ? null : due.after();
    }

    private static Timestamp since(Due due) {
        return due == null ? null : Timestamp.from(due.since());
    }

    private static String origin(Due due) {
        return due == null ? null : due.origin();
    }
}
