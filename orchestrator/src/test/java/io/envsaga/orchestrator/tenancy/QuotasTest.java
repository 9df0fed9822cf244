package io.envsaga.orchestrator.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.EnvironmentValidator;
import io.envsaga.orchestrator.security.Action;
import io.envsaga.orchestrator.security.Grant;
import io.envsaga.orchestrator.security.Quota;
import io.envsaga.orchestrator.security.Reach;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Quotas per identity on the embedded H2 of the default configuration, with the real migrations (PostgreSQL: TenancyBoundsIT). */
class QuotasTest {

    private JdbcClient jdbc;
    private Quotas quotas;

    @BeforeEach
    void database() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:quotas-" + System.nanoTime() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = JdbcClient.create(dataSource);
        quotas = new Quotas(jdbc);
    }

    @Test
    void anIdentityHoldsAtMostItsQuotaOfLiveEnvironmentsAndAnUpdateDoesNotCountItself() {
        List<Grant> grants = grants(new Quota(2, null, null));
        hold("token:ci", grants, "pr-1", "100m");
        hold("token:ci", grants, "pr-2", "100m");

        assertThatThrownBy(() -> hold("token:ci", grants, "pr-3", "100m")).isInstanceOfSatisfying(QuotaExceededException.class, e -> {
            assertThat(e.resource()).isEqualTo("environments");
            assertThat(List.of(e.used(), e.asked(), e.limit())).containsExactly("2", "1", "2");
            assertThat(e.getMessage()).isEqualTo("token:ci may not hold more: environment 'pr-3' asks 1 environments, token:ci holds 2 in its "
                    + "other live environments, and its quota is 2 (quota.environments)");
        });
        hold("token:ci", grants, "pr-2", "200m");
        hold("token:other", grants, "pr-3", "100m");

        jdbc.sql("update environments set phase = 'DELETED' where name = 'pr-1'").update();
        hold("token:ci", grants, "pr-4", "100m");
    }

    @Test
    void cpuAndMemoryAreTheWorkloadsRequestsInTotal() {
        List<Grant> grants = grants(new Quota(null, "1", "1Gi"));
        hold("token:ci", grants, "pr-1", "600m");

        assertThatThrownBy(() -> hold("token:ci", grants, "pr-2", "500m")).isInstanceOfSatisfying(QuotaExceededException.class, e ->
                assertThat(List.of(e.resource(), e.used(), e.asked(), e.limit())).containsExactly("CPUs", "0.6", "0.5", "1"));
        hold("token:ci", grants, "pr-2", "400m");
        // 128Mi a workload without a memory request, as the tier caps count it
        hold("token:ci", grants, "pr-1", "100m");
        assertThatThrownBy(() -> hold("token:ci", grants(new Quota(null, null, "200Mi")), "pr-3", "100m"))
                .isInstanceOfSatisfying(QuotaExceededException.class, e ->
                        assertThat(List.of(e.resource(), e.used(), e.asked(), e.limit())).containsExactly("of memory", "0.3Gi", "0.2Gi", "200Mi"));
    }

    @Test
    void aGrantWithoutAQuotaGivesNoLimitAndALongIdentityIsKeptByItsHash() {
        List<Grant> limited = grants(new Quota(0, null, null));
        assertThatThrownBy(() -> hold("token:ci", limited, "pr-1", "100m")).isInstanceOf(QuotaExceededException.class);

        List<Grant> both = new java.util.ArrayList<>(limited);
        both.addAll(grants(Quota.NONE));
        hold("token:ci", both, "pr-1", "100m");

        String longName = "jwt:" + "x".repeat(400);
        hold(longName, grants(new Quota(1, null, null)), "pr-2", "100m");
        assertThatThrownBy(() -> hold(longName, grants(new Quota(1, null, null)), "pr-3", "100m")).isInstanceOf(QuotaExceededException.class);
    }

    /** As a submission does: the holding, then the environment's row (what the saga stores in the same transaction). */
    private void hold(String who, List<Grant> grants, String name, String cpu) {
        Environment spec = new EnvironmentValidator().validate("""
                apiVersion: envsaga.io/v1
                kind: Environment
                metadata: { name: %s }
                spec:
                  tier: preview
                  workloads: [ { name: api, image: 'x/y:1', resources: { requests: { cpu: %s } } } ]
                """.formatted(name, cpu)).orThrow();
        boolean known = jdbc.sql("select count(*) from environments where name = ?").param(name).query(Integer.class).single() > 0;
        quotas.hold(who, grants, spec, known);
        Timestamp now = Timestamp.from(Instant.now());
        if (!known) {
            jdbc.sql("""
                    insert into environments (name, phase, generation, saga_id, spec, last_good_generation, restoring, reasons, created_at, updated_at)
                    values (?, 'APPLYING', 1, 's', '{}', 0, false, '[]', ?, ?)""").params(name, now, now).update();
        }
    }

    private static List<Grant> grants(Quota quota) {
        return Grant.of(List.of("pr-*"), Set.of(Action.APPLY), Reach.of(null, null, false, null, quota, null));
    }
}
