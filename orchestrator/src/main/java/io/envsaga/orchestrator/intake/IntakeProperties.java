package io.envsaga.orchestrator.intake;

import io.envsaga.contracts.spec.Tier;
import io.envsaga.orchestrator.security.Action;
import io.envsaga.orchestrator.security.Grant;
import io.envsaga.orchestrator.security.Quota;
import io.envsaga.orchestrator.security.Reach;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code envsaga.orchestrator.intake.*}: which broker users may submit which environments
 * through the intake exchange, with the same grants as REST identities (actions, namespaces,
 * hosts, privileged), e.g. user {@code ci-codedang} may apply {@code codedang-pr-*} on hosts
 * {@code *.preview.codedang.com}.
 *
 * @param replyQueuePrefix a reply queue must be {@code <bus prefix>.<this>.<user>} or start with it and a dot
 *                         (or be direct reply-to); the orchestrator writes nowhere else for a submitter
 * @param fairness         each submitter's share of the intake ({@link IntakeLanes})
 */
@ConfigurationProperties("envsaga.orchestrator.intake")
public record IntakeProperties(List<Submitter> submitters, String replyQueuePrefix, Fairness fairness) {

    public IntakeProperties {
        submitters = submitters == null ? List.of() : submitters;
        replyQueuePrefix = replyQueuePrefix == null ? "reply" : replyQueuePrefix;
        fairness = fairness == null ? new Fairness(null, null, null, null) : fairness;
    }

    /**
     * {@code envsaga.orchestrator.intake.fairness.*}: what one broker user may take of the intake.
     *
     * @param rate                 submissions per second one submitter may make, on average (default 5)
     * @param burst                submissions one submitter may make at once before {@code rate} applies (default 20)
     * @param queueShare           submissions of one submitter waiting for their turn at most; more are refused (default 20)
     * @param repliesPerSubmitter  reply routes one submitter may hold for submissions without an outcome yet (default 100)
     */
    public record Fairness(Double rate, Integer burst, Integer queueShare, Integer repliesPerSubmitter) {
        public Fairness {
            rate = rate == null ? 5.0 : rate;
            burst = burst == null ? 20 : burst;
            queueShare = queueShare == null ? 20 : queueShare;
            repliesPerSubmitter = repliesPerSubmitter == null ? 100 : repliesPerSubmitter;
            if (rate <= 0 || burst < 1 || queueShare < 1 || repliesPerSubmitter < 0) {
                throw new IllegalArgumentException("envsaga.orchestrator.intake.fairness: rate must be > 0, burst and queue-share >= 1,"
                        + " replies-per-submitter >= 0 (got rate " + rate + ", burst " + burst + ", queue-share " + queueShare
                        + ", replies-per-submitter " + repliesPerSubmitter + ")");
            }
        }
    }

    /**
     * @param user    the AMQP user name, as the broker validates it ({@code user_id})
     * @param actions default {@code apply}; {@code delete} lets a submission remove parts of a live environment
     * @param tiers   the tiers its environments may be of (every tier when empty), as a REST token's
     * @param quota   what it may hold across its live environments (no limit when absent), as a REST token's
     * @param clusters the clusters its environments may live on (only the default cluster when empty), as a REST token's
     */
    public record Submitter(String user, List<String> environments, Set<Action> actions, List<String> namespaces, List<String> hosts,
                            Boolean privileged, Set<Tier> tiers, Quota quota, List<String> clusters) {
        public Submitter {
            environments = environments == null ? List.of() : environments;
            actions = actions == null || actions.isEmpty() ? Set.of(Action.APPLY) : actions;
        }
    }

    /** The grants of a broker user (none for an unknown or missing user). */
    public List<Grant> grantsOf(String user) {
        if (user == null) {
            return List.of();
        }
        return submitters.stream().filter(s -> user.equals(s.user()))
                .flatMap(s -> Grant.of(s.environments(), s.actions(), Reach.of(s.namespaces(), s.hosts(), s.privileged(), s.tiers(), s.quota(), s.clusters())).stream())
                .toList();
    }

    public boolean allows(String user, String environment) {
        return grantsOf(user).stream().anyMatch(g -> g.allows(Action.APPLY, environment));
    }
}
