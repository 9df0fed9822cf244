package io.envsaga.orchestrator.store;

import io.envsaga.contracts.events.Payloads.StepReason;
import io.envsaga.contracts.events.Step;
import io.envsaga.contracts.spec.SpecMapper;
import io.envsaga.orchestrator.saga.Phase;
import io.envsaga.orchestrator.saga.SagaState;
import io.envsaga.orchestrator.saga.StepState;
import io.envsaga.orchestrator.saga.StepStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Saga state in the database (H2 by default, PostgreSQL in production), with plain JDBC. */
@Repository
public class SagaStore {

    private static final JsonMapper JSON = SpecMapper.json();
    private static final TypeReference<List<StepReason>> REASONS = new TypeReference<>() { };
    private static final TypeReference<Map<String, String>> OUTPUTS = new TypeReference<>() { };

    /** 32 Mi characters of spec text at most: 128 specs of the largest size, thousands of ordinary ones. */
    private final ParsedSpecs specs = new ParsedSpecs(32L * 1024 * 1024);
    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    public SagaStore(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /**
     * Makes sure the environment's lock row exists, inside the caller's transaction: a concurrent
     * insert of the same name waits for the other transaction and then does nothing. (It used to be a
     * transaction of its own, so each submission held two pooled connections at once: a burst
     * exhausted the pool with every thread waiting for a second connection.)
     */
    public void ensureLockRow(String name) {
        jdbc.sql("insert into environment_locks (name) values (?) on conflict do nothing").param(name).update();
    }

    /** Locks the environment for the rest of the transaction, then reads it. */
    public Optional<SagaState> lockAndFind(String name) {
        jdbc.sql("select name from environment_locks where name = ? for update").param(name).query(String.class).optional();
        return find(name);
    }

    public Optional<SagaState> find(String name) {
        return jdbc.sql("select * from environments where name = ?").param(name)
                .query((rs, i) -> environment(rs)).optional()
                .map(partial -> withSteps(partial));
    }

    public List<SagaState> findAll() {
        return jdbc.sql("select * from environments order by name").query((rs, i) -> environment(rs)).list()
                .stream().map(this::withSteps).toList();
    }

    /** Environments with a step whose deadline has passed while the saga still waits on it. */
    public List<String> dueForTick(Instant now) {
        return jdbc.sql("""
                select distinct s.environment from environment_steps s join environments e on e.name = s.environment
                where s.deadline <= ? and e.phase in ('APPLYING', 'ROLLING_BACK', 'DELETING')
                  and s.status in ('PENDING', 'RELEASING')
                """).param(Timestamp.from(now)).query(String.class).list();
    }

    public void save(SagaState state) {
        save(null, state);
    }

    /**
     * Writes the state; the specs only when they changed since {@code before} (the engine keeps the
     * same objects when they do not): a step's answer does not serialise a spec of up to 256 KiB
     * again, twice.
     */
    public void save(SagaState before, SagaState state) {
        boolean specsKept = before != null && before.name().equals(state.name()) && before.spec() == state.spec()
                && before.lastGoodSpec() == state.lastGoodSpec();
        if (specsKept) {
            jdbc.sql("""
                    update environments set phase = ?, generation = ?, saga_id = ?, last_good_generation = ?, restoring = ?,
                      reasons = ?, updated_at = ? where name = ?
                    """)
                    .params(state.phase().name(), state.generation(), state.sagaId(), state.lastGoodGeneration(), state.restoring(),
                            JSON.writeValueAsString(state.reasons()), Timestamp.from(state.updatedAt()), state.name())
                    .update();
            saveChangedSteps(before, state);
            return;
        }
        // serialised once (a new environment used to be serialised for the update and again for the insert), and
        // remembered parsed: the first answer's read finds it
        String spec = specs.remember(SpecMapper.toJson(state.spec()), state.spec());
        String lastGood = state.lastGoodSpec() == null ? null : specs.remember(SpecMapper.toJson(state.lastGoodSpec()), state.lastGoodSpec());
        int updated = jdbc.sql("""
                update environments set phase = ?, generation = ?, saga_id = ?, spec = ?, last_good_spec = ?,
                  last_good_generation = ?, restoring = ?, reasons = ?, updated_at = ? where name = ?
                """)
                .params(state.phase().name(), state.generation(), state.sagaId(), spec, lastGood, state.lastGoodGeneration(),
                        state.restoring(), JSON.writeValueAsString(state.reasons()), Timestamp.from(state.updatedAt()), state.name())
                .update();
        if (updated == 0) {
            jdbc.sql("""
                    insert into environments (name, phase, generation, saga_id, spec, last_good_spec, last_good_generation,
                      restoring, reasons, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                    .params(state.name(), state.phase().name(), state.generation(), state.sagaId(), spec, lastGood, state.lastGoodGeneration(),
                            state.restoring(), JSON.writeValueAsString(state.reasons()), Timestamp.from(state.createdAt()),
                            Timestamp.from(state.updatedAt()))
                    .update();
        }
        saveSteps(state);
    }

    private void saveSteps(SagaState state) {
        jdbc.sql("delete from environment_steps where environment = ?").param(state.name()).update();
        List<Object[]> steps = new ArrayList<>();
        state.steps().forEach((step, s) -> steps.add(stepRow(state.name(), step, s)));
        // one round trip for the five steps, not five
        batch.batchUpdate("""
                insert into environment_steps (environment, step, status, reason, outputs, progress, started_at, updated_at, deadline)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, steps);
    }

    /**
     * Only the steps that changed since {@code before} (read in the same locked transaction): an answer
     * changes one step, and rewriting all five was the largest share of the embedded database's work.
     */
    private void saveChangedSteps(SagaState before, SagaState state) {
        List<Object[]> inserted = new ArrayList<>();
        List<Object[]> updated = new ArrayList<>();
        for (Map.Entry<Step, StepState> entry : state.steps().entrySet()) {
            StepState prior = before.steps().get(entry.getKey());
            if (entry.getValue().equals(prior)) {
                continue;
            }
            Object[] row = stepRow(state.name(), entry.getKey(), entry.getValue());
            if (prior == null) {
                inserted.add(row);
            } else {
                updated.add(new Object[] {row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[0], row[1]});
            }
        }
        for (Step gone : before.steps().keySet()) {
            if (!state.steps().containsKey(gone)) {
                jdbc.sql("delete from environment_steps where environment = ? and step = ?").params(state.name(), gone.id()).update();
            }
        }
        if (!updated.isEmpty()) {
            batch.batchUpdate("""
                    update environment_steps set status = ?, reason = ?, outputs = ?, progress = ?, started_at = ?, updated_at = ?,
                      deadline = ? where environment = ? and step = ?
                    """, updated);
        }
        if (!inserted.isEmpty()) {
            batch.batchUpdate("""
                    insert into environment_steps (environment, step, status, reason, outputs, progress, started_at, updated_at, deadline)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, inserted);
        }
    }

    private static Object[] stepRow(String environment, Step step, StepState s) {
        return new Object[] {environment, step.id(), s.status().name(), s.reason(), JSON.writeValueAsString(s.outputs()), s.progress(),
                Timestamp.from(s.startedAt()), Timestamp.from(s.updatedAt()), s.deadline() == null ? null : Timestamp.from(s.deadline())};
    }

    private SagaState withSteps(SagaState partial) {
        Map<Step, StepState> steps = new EnumMap<>(Step.class);
        jdbc.sql("select * from environment_steps where environment = ?").param(partial.name()).query((rs, i) -> {
            steps.put(Step.of(rs.getString("step")), new StepState(StepStatus.valueOf(rs.getString("status")), rs.getString("reason"),
                    JSON.readValue(rs.getString("outputs"), OUTPUTS), rs.getString("progress"), instant(rs, "started_at"),
                    instant(rs, "updated_at"), instant(rs, "deadline")));
            return null;
        }).list();
        return new SagaState(partial.name(), partial.phase(), partial.generation(), partial.sagaId(), partial.spec(), partial.lastGoodSpec(),
                partial.lastGoodGeneration(), partial.restoring(), steps, partial.reasons(), partial.createdAt(), partial.updatedAt());
    }

    private SagaState environment(ResultSet rs) throws SQLException {
        String lastGood = rs.getString("last_good_spec");
        return new SagaState(rs.getString("name"), Phase.valueOf(rs.getString("phase")), rs.getLong("generation"), rs.getString("saga_id"),
                specs.parse(rs.getString("spec")), specs.parse(lastGood), rs.getLong("last_good_generation"),
                rs.getBoolean("restoring"), Map.of(), JSON.readValue(rs.getString("reasons"), REASONS),
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
