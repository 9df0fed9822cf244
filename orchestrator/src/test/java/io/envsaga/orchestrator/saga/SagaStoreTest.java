package io.envsaga.orchestrator.saga;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.events.Step;
import io.envsaga.contracts.spec.Environment;
import io.envsaga.simulation.specs.TestSpecs;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The saga store on the embedded H2 of the default configuration, with the real migrations. */
class SagaStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private JdbcTemplate jdbc;
    private SagaStore store;

    @BeforeEach
    void database() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:store-" + System.nanoTime() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        store = new SagaStore(JdbcClient.create(dataSource), jdbc);
    }

    @Test
    void anAnswerRewritesOnlyTheStepsItChanged() {
        Environment spec = TestSpecs.preview("store-steps", "ghcr.io/envsaga/app:1");
        Map<Step, StepState> steps = new EnumMap<>(Step.class);
        for (Step step : Step.values()) {
            steps.put(step, new StepState(StepStatus.PENDING, null, Map.of(), null, T0, T0, T0.plus(10, ChronoUnit.MINUTES)));
        }
        store.save(state(spec, Phase.APPLYING, steps, T0));
        SagaState before = store.find("store-steps").orElseThrow();
        // a mark on an unchanged step's row: it stays only if that row is not written again
        jdbc.update("update environment_steps set progress = 'untouched' where environment = 'store-steps' and step = 'cache'");
        before = store.find("store-steps").orElseThrow();

        Map<Step, StepState> next = new EnumMap<>(before.steps());
        Instant t1 = T0.plusSeconds(3);
        next.put(Step.DNS, new StepState(StepStatus.SUCCEEDED, null, Map.of("records", "2"), null, T0, t1, T0.plus(10, ChronoUnit.MINUTES)));
        next.remove(Step.STORAGE);
        store.save(before, new SagaState(before.name(), Phase.APPLYING, before.generation(), before.sagaId(), before.spec(),
                before.lastGoodSpec(), before.lastGoodGeneration(), false, next, List.of(), before.createdAt(), t1));

        SagaState after = store.find("store-steps").orElseThrow();
        assertThat(after.steps()).containsOnlyKeys(Step.DNS, Step.WORKLOADS, Step.MESSAGING, Step.CACHE);
        assertThat(after.steps().get(Step.DNS).status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(after.steps().get(Step.DNS).outputs()).containsEntry("records", "2");
        assertThat(after.steps().get(Step.CACHE).progress()).as("the unchanged step's row was not rewritten").isEqualTo("untouched");
        assertThat(after.updatedAt()).isEqualTo(t1);
    }

    @Test
    void aSpecIsParsedOnceAndAChangedSpecIsReadAnew() {
        Environment first = TestSpecs.preview("store-spec", "ghcr.io/envsaga/app:1");
        store.save(state(first, Phase.APPLYING, Map.of(), T0));

        SagaState read = store.find("store-spec").orElseThrow();
        assertThat(read.spec()).as("remembered when written: nothing parsed on the first read").isSameAs(first);
        assertThat(store.find("store-spec").orElseThrow().spec()).as("the same text: the parsed spec again").isSameAs(read.spec());

        Environment second = TestSpecs.preview("store-spec", "ghcr.io/envsaga/app:2");
        store.save(read, state(second, Phase.APPLYING, Map.of(), T0.plusSeconds(1)));
        // a changed spec is another text: never the old one
        assertThat(store.find("store-spec").orElseThrow().spec()).isEqualTo(second).isNotSameAs(read.spec());
    }

    @Test
    void theOldestParsedSpecsGoOnceTheirTextPassesTheLimit() {
        String a = io.envsaga.contracts.spec.SpecMapper.toJson(TestSpecs.preview("a", "ghcr.io/envsaga/app:1"));
        String b = io.envsaga.contracts.spec.SpecMapper.toJson(TestSpecs.preview("b", "ghcr.io/envsaga/app:1"));
        ParsedSpecs specs = new ParsedSpecs(a.length() + b.length() - 1); // room for one of them only

        Environment parsedA = specs.parse(a);
        assertThat(specs.parse(new String(a))).isSameAs(parsedA);
        specs.parse(b);

        assertThat(specs.size()).isEqualTo(1);
        assertThat(specs.parse(a)).as("evicted: parsed again").isNotSameAs(parsedA).isEqualTo(parsedA);
    }

    private static SagaState state(Environment spec, Phase phase, Map<Step, StepState> steps, Instant at) {
        return new SagaState(spec.name(), phase, 1, "saga-1", spec, null, 0, false, steps, List.of(), T0, at);
    }
}
