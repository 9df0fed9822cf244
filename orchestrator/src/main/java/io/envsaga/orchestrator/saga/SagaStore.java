package io.envsaga.orchestrator.saga;

import io.envsaga.bus.tracing.MessageTracing;
import io.envsaga.contracts.events.Payloads.StepReason;
import io.envsaga.contracts.events.Step;
import io.envsaga.contracts.events.TraceContext;
import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.SpecMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
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

    private static final String INSERT_STEP = """
            insert into environment_steps (environment, step, status, reason, outputs, progress, started_at, updated_at, deadline)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;
    private static final String UPDATE_STEP = """
            update environment_steps set status = ?, reason = ?, outputs = ?, progress = ?, started_at = ?, updated_at = ?,
              deadline = ? where environment = ? and step = ?
            """;

    /** 32 Mi characters of spec text at most: 128 specs of the largest size, thousands of ordinary ones. */
    private final ParsedSpecs specs = new ParsedSpecs(32L * 1024 * 1024);
    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final MessageTracing tracing;

    public SagaStore(JdbcClient jdbc, JdbcTemplate batch) {
        this(jdbc, batch, MessageTracing.none());
    }

    /** @param tracing the trace of a new saga is the one current when it is first stored (its submission's) */
    @Autowired
    public SagaStore(JdbcClient jdbc, JdbcTemplate batch, MessageTracing tracing) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.tracing = tracing;
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

    /**
     * Locks the environment's name for the rest of the transaction, whether or not it exists yet,
     * then reads it (and locks its row): for submissions and deletions.
     */
    public Optional<SagaState> lockAndFind(String name) {
        jdbc.sql("select name from environment_locks where name = ? for update").param(name).query(String.class).optional();
        return lockExisting(name);
    }

    /**
     * Locks and reads an environment that exists, in one statement: for step answers and deadline
     * ticks, which have nothing to do for a name without a row. Every writer locks the
     * environment's row this way (submissions after the name's lock), so they exclude each other.
     */
    public Optional<SagaState> lockExisting(String name) {
        return jdbc.sql("select * from environments where name = ? for update").param(name)
                .query((rs, i) -> environment(rs)).optional()
                .map(partial -> withSteps(partial));
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

    /** Writes a new environment; the caller holds its name's lock and has read no row for it. */
    public void insert(SagaState state) {
        String spec = specText(state.spec());
        String lastGood = specText(state.lastGoodSpec());
        insertEnvironment(state, spec, lastGood);
        batch.batchUpdate(INSERT_STEP, stepRows(state));
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
                    update environments set trace_id = case when saga_id = ? then trace_id else ? end, phase = ?, generation = ?,
                      saga_id = ?, last_good_generation = ?, restoring = ?, reasons = ?, updated_at = ? where name = ?
                    """)
                    .params(state.sagaId(), currentTraceId(), state.phase().name(), state.generation(), state.sagaId(), state.lastGoodGeneration(), state.restoring(),
                            JSON.writeValueAsString(state.reasons()), Timestamp.from(state.updatedAt()), state.name())
                    .update();
            saveChangedSteps(before, state);
            return;
        }
        // serialised once (a new environment used to be serialised for the update and again for the insert)
        String spec = specText(state.spec());
        String lastGood = specText(state.lastGoodSpec());
        int updated = jdbc.sql("""
                update environments set trace_id = case when saga_id = ? then trace_id else ? end, phase = ?, generation = ?,
                  saga_id = ?, spec = ?, last_good_spec = ?, last_good_generation = ?, restoring = ?, reasons = ?, updated_at = ? where name = ?
                """)
                .params(state.sagaId(), currentTraceId(), state.phase().name(), state.generation(), state.sagaId(), spec, lastGood, state.lastGoodGeneration(),
                        state.restoring(), JSON.writeValueAsString(state.reasons()), Timestamp.from(state.updatedAt()), state.name())
                .update();
        if (updated == 0) {
            insertEnvironment(state, spec, lastGood);
        }
        saveSteps(state);
    }

    /** A spec as stored, serialised once and remembered parsed: the first answer's read finds it. */
    private String specText(Environment spec) {
        return spec == null ? null : specs.remember(SpecMapper.toJson(spec), spec);
    }

    private static List<Object[]> stepRows(SagaState state) {
        return state.steps().entrySet().stream().map(e -> stepRow(state.name(), e.getKey(), e.getValue())).toList();
    }

    private void insertEnvironment(SagaState state, String spec, String lastGood) {
        jdbc.sql("""
                insert into environments (name, phase, generation, saga_id, spec, last_good_spec, last_good_generation,
                  restoring, reasons, created_at, updated_at, trace_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
                .params(state.name(), state.phase().name(), state.generation(), state.sagaId(), spec, lastGood, state.lastGoodGeneration(),
                        state.restoring(), JSON.writeValueAsString(state.reasons()), Timestamp.from(state.createdAt()),
                        Timestamp.from(state.updatedAt()), currentTraceId())
                .update();
    }

    private void saveSteps(SagaState state) {
        jdbc.sql("delete from environment_steps where environment = ?").param(state.name()).update();
        // one round trip for the five steps, not five
        batch.batchUpdate(INSERT_STEP, stepRows(state));
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
            if (prior == null) {
                inserted.add(stepRow(state.name(), entry.getKey(), entry.getValue()));
            } else {
                updated.add(stepUpdate(state.name(), entry.getKey(), entry.getValue()));
            }
        }
        for (Step gone : before.steps().keySet()) {
            if (!state.steps().containsKey(gone)) {
                jdbc.sql("delete from environment_steps where environment = ? and step = ?").params(state.name(), gone.id()).update();
            }
        }
        if (!updated.isEmpty()) {
            batch.batchUpdate(UPDATE_STEP, updated);
        }
        if (!inserted.isEmpty()) {
            batch.batchUpdate(INSERT_STEP, inserted);
        }
    }

    /** A step's columns in {@link #INSERT_STEP}'s order. */
    private static Object[] stepRow(String environment, Step step, StepState s) {
        Object[] values = stepValues(s);
        Object[] row = new Object[values.length + 2];
        row[0] = environment;
        row[1] = step.id();
        System.arraycopy(values, 0, row, 2, values.length);
        return row;
    }

    /** A step's columns in {@link #UPDATE_STEP}'s order. */
    private static Object[] stepUpdate(String environment, Step step, StepState s) {
        Object[] values = stepValues(s);
        Object[] row = Arrays.copyOf(values, values.length + 2);
        row[values.length] = environment;
        row[values.length + 1] = step.id();
        return row;
    }

    private static Object[] stepValues(StepState s) {
        return new Object[] {s.status().name(), s.reason(), JSON.writeValueAsString(s.outputs()), s.progress(),
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
                partial.lastGoodGeneration(), partial.restoring(), steps, partial.reasons(), partial.createdAt(), partial.updatedAt(),
                partial.traceId());
    }

    private SagaState environment(ResultSet rs) throws SQLException {
        String lastGood = rs.getString("last_good_spec");
        return new SagaState(rs.getString("name"), Phase.valueOf(rs.getString("phase")), rs.getLong("generation"), rs.getString("saga_id"),
                specs.parse(rs.getString("spec")), specs.parse(lastGood), rs.getLong("last_good_generation"),
                rs.getBoolean("restoring"), Map.of(), JSON.readValue(rs.getString("reasons"), REASONS),
                instant(rs, "created_at"), instant(rs, "updated_at"), rs.getString("trace_id"));
    }

    /** The trace a saga first stored now belongs to: the submission's (REST request or intake message). */
    private String currentTraceId() {
        TraceContext current = tracing.current();
        return current == null ? null : current.traceId();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
