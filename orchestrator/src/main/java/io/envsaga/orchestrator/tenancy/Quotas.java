package io.envsaga.orchestrator.tenancy;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.SpecRequests;
import io.envsaga.orchestrator.saga.Phase;
import io.envsaga.orchestrator.security.Action;
import io.envsaga.orchestrator.security.Grant;
import io.envsaga.orchestrator.security.Quota;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Quotas per identity ({@link Quota}): how many live environments it holds and their CPU and
 * memory requests in total, checked when it submits, in the submitting transaction, under the
 * environment's lock. An environment is held by the identity that submitted its current
 * generation ({@code quota_holdings}, one row per environment, written by every submission) while
 * it is not deleted.
 *
 * <p>Two submissions of one identity to two environments hold two different environment locks;
 * with a quota, each also locks the identity's row ({@code quota_identities}, {@code for update})
 * before it counts, so the second counts what the first took (taken after the environment's lock,
 * and by nothing else: no deadlock). Cost per submission: one statement, the update of the
 * environment's holding (the insert of a new environment's); with a quota, also the identity's
 * lock (two short statements) and one indexed query.
 */
@Repository
public class Quotas {

    private final JdbcClient jdbc;

    public Quotas(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Counts the spec against its submitter's quota and takes it (with its tier and cluster, which
     * {@link PreviewCaps} counts).
     *
     * @param known whether the environment has a row already (any phase): a new one has no holding
     *              either (both are written in one transaction), so its holding is inserted at once
     * @throws QuotaExceededException past a limit, naming it with the numbers
     */
    public void hold(String who, List<Grant> grants, Environment spec, boolean known) {
        String name = spec.name();
        String identity = SubmissionKeys.bounded(who);
        SpecRequests asked = SpecRequests.of(spec.spec());
        long cpuMillis = whole(asked.cpu().movePointRight(3));
        long memoryBytes = whole(asked.memory());
        Quota quota = Quota.mostGenerous(grants.stream().filter(g -> g.allows(Action.APPLY, name)).map(g -> g.reach().quota()).toList());
        if (quota.limited()) {
            check(who, identity, name, quota, cpuMillis, memoryBytes);
        }
        String tier = spec.spec().tier().name().toLowerCase();
        String cluster = spec.spec().cluster();
        if (!known || jdbc.sql("update quota_holdings set identity = ?, cpu_millis = ?, memory_bytes = ?, tier = ?, cluster = ? where environment = ?")
                .params(identity, cpuMillis, memoryBytes, tier, cluster, name).update() == 0) {
            jdbc.sql("insert into quota_holdings (environment, identity, cpu_millis, memory_bytes, tier, cluster) values (?, ?, ?, ?, ?, ?)")
                    .params(name, identity, cpuMillis, memoryBytes, tier, cluster).update();
        }
    }

    /** @param identity who, as stored (a name too long for the column by its hash, as {@link SubmissionKeys} keeps it) */
    private void check(String who, String identity, String name, Quota quota, long cpuMillis, long memoryBytes) {
        jdbc.sql("insert into quota_identities (identity) values (?) on conflict do nothing").param(identity).update();
        jdbc.sql("select identity from quota_identities where identity = ? for update").param(identity).query(String.class).single();
        Held held = jdbc.sql("""
                        select count(*) as environments, coalesce(sum(h.cpu_millis), 0) as cpu_millis,
                          coalesce(sum(h.memory_bytes), 0) as memory_bytes
                        from quota_holdings h join environments e on e.name = h.environment
                        where h.identity = ? and h.environment <> ? and e.phase <> ?
                        """).params(identity, name, Phase.DELETED.name())
                .query((rs, row) -> new Held(rs.getLong(1), rs.getLong(2), rs.getLong(3))).single();
        if (quota.environments() != null && held.environments() + 1 > quota.environments()) {
            throw new QuotaExceededException(who, name, "environments", Long.toString(held.environments()), "1",
                    Integer.toString(quota.environments()), "quota.environments");
        }
        BigDecimal cpu = quota.cpuCores();
        if (cpu != null && BigDecimal.valueOf(held.cpuMillis() + cpuMillis, 3).compareTo(cpu) > 0) {
            throw new QuotaExceededException(who, name, "CPUs", cores(held.cpuMillis()), cores(cpuMillis), quota.cpu(), "quota.cpu");
        }
        BigDecimal memory = quota.memoryBytes();
        if (memory != null && BigDecimal.valueOf(held.memoryBytes() + memoryBytes).compareTo(memory) > 0) {
            throw new QuotaExceededException(who, name, "of memory", SpecRequests.gibibytes(BigDecimal.valueOf(held.memoryBytes())),
                    SpecRequests.gibibytes(BigDecimal.valueOf(memoryBytes)), quota.memory(), "quota.memory");
        }
    }

    /** Rounded up; past a long (only with tier caps raised beyond any cluster) as much as a long holds. */
    private static long whole(BigDecimal amount) {
        return amount.setScale(0, RoundingMode.UP).min(BigDecimal.valueOf(Long.MAX_VALUE)).longValue();
    }

    private static String cores(long millis) {
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
    }

    private record Held(long environments, long cpuMillis, long memoryBytes) {
    }
}
