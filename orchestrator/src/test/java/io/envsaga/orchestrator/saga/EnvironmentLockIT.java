package io.envsaga.orchestrator.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.envsaga.contracts.events.Step;
import io.envsaga.contracts.spec.Environment;
import io.envsaga.testsupport.services.PostgresExtension;
import io.envsaga.simulation.specs.TestSpecs;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The environment's lock on both saga stores: a step answer locks and reads the row in one
 * statement ({@link SagaStore#lockExisting}), a submission locks the name first
 * ({@link SagaStore#lockAndFind}). Whichever waits must then read what the other committed: a
 * stale read here would write an old state over a new generation.
 */
class EnvironmentLockIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    static Stream<String> stores() {
        return Stream.of("h2", "postgres");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void anAnswerWaitingForASubmissionReadsTheNewGeneration(String kind) throws Exception {
        Store s = store(kind, "lock-answer-" + kind);
        SagaState written = s.transaction(store -> {
            SagaState current = store.lockAndFind(s.name()).orElseThrow();
            SagaState next = generation(current, 2);
            store.save(current, next);
            return next;
        }, store -> store.lockExisting(s.name()).orElseThrow());
        assertThat(s.waiterRead().generation()).as("the waiter read the committed generation").isEqualTo(written.generation());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aSubmissionWaitingForAnAnswerReadsTheAnsweredStep(String kind) throws Exception {
        Store s = store(kind, "lock-submit-" + kind);
        s.transaction(store -> {
            SagaState current = store.lockExisting(s.name()).orElseThrow();
            Map<Step, StepState> steps = new EnumMap<>(current.steps());
            steps.put(Step.DNS, new StepState(StepStatus.SUCCEEDED, null, Map.of(), null, T0, T0.plusSeconds(1), null));
            SagaState next = with(current, steps);
            store.save(current, next);
            return next;
        }, store -> {
            store.ensureLockRow(s.name());
            return store.lockAndFind(s.name()).orElseThrow();
        });
        assertThat(s.waiterRead().steps().get(Step.DNS).status()).as("the waiter read the committed answer").isEqualTo(StepStatus.SUCCEEDED);
    }

    private Store store(String kind, String name) {
        DataSource dataSource = dataSource(kind, name);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        SagaStore store = new SagaStore(JdbcClient.create(dataSource), new JdbcTemplate(dataSource));
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        Environment spec = TestSpecs.preview(name, "ghcr.io/envsaga/app:1");
        Map<Step, StepState> steps = new EnumMap<>(Step.class);
        for (Step step : Step.values()) {
            steps.put(step, new StepState(StepStatus.PENDING, null, Map.of(), null, T0, T0, T0.plusSeconds(600)));
        }
        transactions.executeWithoutResult(status -> {
            store.ensureLockRow(name);
            store.insert(new SagaState(name, Phase.APPLYING, 1, "saga-1", spec, null, 0, false, steps, List.of(), T0, T0));
        });
        return new Store(kind, name, dataSource, store, transactions, new AtomicReference<>());
    }

    private static DataSource dataSource(String kind, String name) {
        if (kind.equals("h2")) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:mem:" + name + "-" + System.nanoTime()
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
            h2.setUser("sa");
            return h2;
        }
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setUrl(postgres.jdbcUrl());
        pg.setUser(postgres.username());
        pg.setPassword(postgres.password() == null ? "" : postgres.password());
        return pg;
    }

    private static SagaState generation(SagaState s, long generation) {
        return new SagaState(s.name(), Phase.APPLYING, generation, "saga-" + generation, s.spec(), s.lastGoodSpec(), s.lastGoodGeneration(),
                false, s.steps(), List.of(), s.createdAt(), s.updatedAt().plusSeconds(1));
    }

    private static SagaState with(SagaState s, Map<Step, StepState> steps) {
        return new SagaState(s.name(), s.phase(), s.generation(), s.sagaId(), s.spec(), s.lastGoodSpec(), s.lastGoodGeneration(),
                s.restoring(), steps, s.reasons(), s.createdAt(), s.updatedAt().plusSeconds(1));
    }

    /** One environment on one store, and two transactions that meet on its lock; what the waiter read. */
    private record Store(String kind, String name, DataSource dataSource, SagaStore store, TransactionTemplate transactions,
                         AtomicReference<SagaState> read) {

        SagaState waiterRead() {
            return read.get();
        }

        /**
         * Runs {@code holder} in a transaction and, while it still holds the lock, starts {@code waiter}
         * in another; the holder commits only once the waiter is parked on the lock.
         */
        SagaState transaction(Function<SagaStore, SagaState> holder, Function<SagaStore, SagaState> waiter) throws Exception {
            CountDownLatch locked = new CountDownLatch(1);
            CountDownLatch commit = new CountDownLatch(1);
            CompletableFuture<SagaState> first = CompletableFuture.supplyAsync(() -> transactions.execute(status -> {
                SagaState written = holder.apply(store);
                locked.countDown();
                awaitQuietly(commit);
                return written;
            }));
            assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<SagaState> second = CompletableFuture.supplyAsync(() -> transactions.execute(status -> waiter.apply(store)));
            // the waiter is parked on the lock, as the database itself reports it, not past it
            await().atMost(Duration.ofMinutes(2)).until(() -> second.isDone() || sessionsWaitingForALock() > 0);
            assertThat(second).as("the waiter must not get past a held lock").isNotDone();
            commit.countDown();
            SagaState written = first.get(2, TimeUnit.MINUTES);
            read.set(second.get(2, TimeUnit.MINUTES));
            return written;
        }

        private int sessionsWaitingForALock() {
            String query = kind.equals("h2") ? "select count(*) from information_schema.sessions where blocker_id is not null"
                    : "select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'";
            return new JdbcTemplate(dataSource).queryForObject(query, Integer.class);
        }

        private static void awaitQuietly(CountDownLatch latch) {
            try {
                latch.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
