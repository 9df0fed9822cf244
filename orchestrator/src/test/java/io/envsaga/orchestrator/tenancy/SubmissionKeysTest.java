package io.envsaga.orchestrator.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.orchestrator.retention.RetentionProperties;
import io.envsaga.orchestrator.retention.RetentionPurge;
import io.envsaga.orchestrator.saga.Phase;
import io.envsaga.orchestrator.saga.SagaState;
import io.envsaga.orchestrator.tenancy.SubmissionKeys.Origin;
import io.envsaga.simulation.specs.TestSpecs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The submission keys on the embedded H2 of the default configuration, with the real migrations. */
class SubmissionKeysTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private JdbcDataSource dataSource;
    private SubmissionKeys keys;

    @BeforeEach
    void database() {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:keys-" + System.nanoTime() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        keys = new SubmissionKeys(JdbcClient.create(dataSource));
    }

    @Test
    void theIntakesMessageIdsOfTheEarlierTableAreKeptByTheMigration() {
        migrate("14.2");
        new JdbcTemplate(dataSource).update("insert into intake_messages (submitter, message_id, environment, received_at) values (?, ?, ?, ?)",
                "ci-codedang", "ci-run-42", "codedang-twice", java.sql.Timestamp.from(T0));
        migrate(null);

        assertThat(keys.take(Origin.INTAKE, "ci-codedang", "ci-run-42", null, "codedang-twice", T0.plusSeconds(1)))
                .as("a message taken before the upgrade is still a duplicate").isFalse();
        assertThat(keys.take(Origin.INTAKE, "ci-codedang", "ci-run-43", null, "codedang-twice", T0.plusSeconds(1))).isTrue();
    }

    @Test
    void aKeyIsTakenOncePerOriginAndSubmitterAndRemembersItsAnswer() {
        migrate(null);
        assertThat(keys.take(Origin.API, "token:ci-a", "k-1", "sha-1", "codedang-keys", T0)).isTrue();
        keys.answered(Origin.API, "token:ci-a", "k-1", state("codedang-keys", 3, "saga-3"));

        assertThat(keys.take(Origin.API, "token:ci-a", "k-1", "sha-2", "codedang-keys", T0)).as("the same submitter's key again").isFalse();
        assertThat(keys.first(Origin.API, "token:ci-a", "k-1")).hasValueSatisfying(first -> {
            assertThat(first.requestSha256()).as("the first request's, not the retry's").isEqualTo("sha-1");
            assertThat(first.generation()).isEqualTo(3);
            assertThat(first.sagaId()).isEqualTo("saga-3");
            assertThat(first.phase()).isEqualTo("applying");
        });
        assertThat(keys.take(Origin.API, "token:ci-b", "k-1", "sha-1", "codedang-keys", T0)).as("another identity's key").isTrue();
        assertThat(keys.take(Origin.INTAKE, "token:ci-a", "k-1", null, "codedang-keys", T0)).as("the intake's namespace").isTrue();
        String longName = "jwt:" + "x".repeat(400);
        assertThat(keys.take(Origin.API, longName, "k-1", "sha-1", "codedang-keys", T0)).isTrue();
        assertThat(keys.take(Origin.API, longName, "k-1", "sha-1", "codedang-keys", T0)).as("a long identity, by its hash").isFalse();
    }

    @Test
    void theRetentionPurgeForgetsKeysAsOldAsTheAudit() {
        migrate(null);
        keys.take(Origin.API, "token:ci-a", "old", "sha", "codedang-keys", T0);
        keys.take(Origin.INTAKE, "ci-codedang", "old-message", null, "codedang-keys", T0);
        keys.take(Origin.API, "token:ci-a", "recent", "sha", "codedang-keys", T0.plus(Duration.ofDays(30)));
        Clock later = Clock.fixed(T0.plus(Duration.ofDays(31)), ZoneOffset.UTC);

        new RetentionPurge(JdbcClient.create(dataSource), new RetentionProperties(Duration.ofDays(30), null), later, keys).purge();

        assertThat(keys.take(Origin.API, "token:ci-a", "old", "sha", "codedang-keys", later.instant())).as("forgotten: new again").isTrue();
        assertThat(keys.take(Origin.INTAKE, "ci-codedang", "old-message", null, "codedang-keys", later.instant())).isTrue();
        assertThat(keys.take(Origin.API, "token:ci-a", "recent", "sha", "codedang-keys", later.instant())).as("kept").isFalse();
    }

    private void migrate(String target) {
        var configuration = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
        if (target != null) {
            configuration.target(MigrationVersion.fromVersion(target));
        }
        configuration.load().migrate();
    }

    private static SagaState state(String name, long generation, String sagaId) {
        return new SagaState(name, Phase.APPLYING, generation, sagaId, TestSpecs.preview(name, "ghcr.io/envsaga/app:1"), null, 0, false,
                Map.of(), List.of(), T0, T0);
    }
}
