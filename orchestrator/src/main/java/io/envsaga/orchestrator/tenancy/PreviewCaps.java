package io.envsaga.orchestrator.tenancy;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.Tier;
import io.envsaga.orchestrator.saga.Phase;
import io.envsaga.orchestrator.saga.SagaState;
import java.util.Optional;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The caps on live previews ({@link PreviewCapProperties}), checked when a submission would add
 * one (a new preview, one submitted again after its deletion, or a live environment becoming a
 * preview), in the submitting transaction: past a cap the submission is refused with the numbers;
 * nothing is ever deleted to make room. A preview counts from its submission until it is deleted
 * (as for quotas: {@code quota_holdings}, with its tier and cluster). Two previews submitted at once
 * are counted one after the other: each locks its identity's row ({@code quota_identities}, as
 * {@link Quotas} does) and then its cluster's ({@code preview_cluster_locks}), always in that order.
 */
@Repository
@EnableConfigurationProperties(PreviewCapProperties.class)
public class PreviewCaps {

    private static final String COUNT = """
            select count(*) from quota_holdings h join environments e on e.name = h.environment
            where h.tier = 'preview' and h.environment <> ? and e.phase <> ? and
            """;

    private final JdbcClient jdbc;
    private final PreviewCapProperties caps;

    public PreviewCaps(JdbcClient jdbc, PreviewCapProperties caps) {
        this.jdbc = jdbc;
        this.caps = caps;
    }

    /**
     * @param spec    placed on its cluster
     * @param current the environment under its lock
     * @throws PreviewCapException past a cap
     */
    void check(String who, Environment spec, Optional<SagaState> current) {
        if (spec.spec().tier() != Tier.PREVIEW || isLivePreview(current)) {
            return;
        }
        String name = spec.name();
        String cluster = spec.spec().cluster();
        if (caps.maxPerIdentity() != null) {
            String identity = SubmissionKeys.bounded(who);
            jdbc.sql("insert into quota_identities (identity) values (?) on conflict do nothing").param(identity).update();
            jdbc.sql("select identity from quota_identities where identity = ? for update").param(identity).query(String.class).single();
            long live = jdbc.sql(COUNT + " h.identity = ?").params(name, Phase.DELETED.name(), identity).query(Long.class).single();
            if (live >= caps.maxPerIdentity()) {
                throw new PreviewCapException(who + " holds " + live + " live previews, its cap (envsaga.orchestrator.previews."
                        + "max-per-identity): environment '" + name + "' cannot start until one of them is deleted", "identity", live,
                        caps.maxPerIdentity());
            }
        }
        if (caps.maxPerCluster() != null) {
            jdbc.sql("insert into preview_cluster_locks (cluster) values (?) on conflict do nothing").param(cluster).update();
            jdbc.sql("select cluster from preview_cluster_locks where cluster = ? for update").param(cluster).query(String.class).single();
            long live = jdbc.sql(COUNT + " h.cluster = ?").params(name, Phase.DELETED.name(), cluster).query(Long.class).single();
            if (live >= caps.maxPerCluster()) {
                throw new PreviewCapException("cluster '" + cluster + "' holds " + live + " live previews, its cap (envsaga.orchestrator."
                        + "previews.max-per-cluster): environment '" + name + "' of " + who + " cannot start until one is deleted",
                        "cluster", live, caps.maxPerCluster());
            }
        }
    }

    private static boolean isLivePreview(Optional<SagaState> current) {
        return current.filter(s -> s.phase() != Phase.DELETED && s.spec().spec().tier() == Tier.PREVIEW).isPresent();
    }
}
