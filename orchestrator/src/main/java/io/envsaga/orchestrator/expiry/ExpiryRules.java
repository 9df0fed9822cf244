package io.envsaga.orchestrator.expiry;

import io.envsaga.contracts.spec.Durations;
import io.envsaga.contracts.spec.EnvironmentSpec;
import io.envsaga.contracts.spec.ExpirySpec;
import io.envsaga.contracts.spec.Tier;
import io.envsaga.orchestrator.saga.Phase;
import io.envsaga.orchestrator.saga.SagaState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When an environment expires and what the sweep does about it: pure functions of the spec, the
 * configuration, the environment's clock and the time (no I/O, no clock), tested by {@code ExpiryRulesTest}.
 */
public final class ExpiryRules {

    /** What the sweep does with an environment now. */
    public enum Action { NONE, WARN, DELETE }

    private ExpiryRules() {
    }

    /**
     * When the environment expires: the earlier of {@code ttl} (counted from {@code appliedAt}, the
     * last submitted generation's Ready; from {@code submittedAt} until then) and {@code idleAfter}
     * (counted from {@code submittedAt}); each from the spec, else the tier's default (previews
     * only). Empty: it never expires (production, or nothing set).
     */
    public static Optional<Due> due(EnvironmentSpec spec, ExpiryProperties defaults, Instant submittedAt, Instant appliedAt) {
        if (spec.tier() == Tier.PRODUCTION) {
            return Optional.empty();
        }
        ExpirySpec own = spec.expiry() == null ? new ExpirySpec(null, null) : spec.expiry();
        boolean preview = spec.tier() == Tier.PREVIEW;
        Due ttl = limit("ttl", own.ttlDuration(), "spec.expiry.ttl", preview ? defaults.preview().ttl() : null,
                "envsaga.orchestrator.expiry.preview.ttl", appliedAt == null ? submittedAt : appliedAt);
        Due idle = limit("idleAfter", own.idleAfterDuration(), "spec.expiry.idleAfter", preview ? defaults.preview().idleAfter() : null,
                "envsaga.orchestrator.expiry.preview.idle-after", submittedAt);
        if (ttl == null || idle == null) {
            return Optional.ofNullable(ttl == null ? idle : ttl);
        }
        return Optional.of(idle.expiresAt().isBefore(ttl.expiresAt()) ? idle : ttl);
    }

    /**
     * What to do now: only a settled environment (ready or failed) expires, never one being applied,
     * rolled back or deleted. It is warned once per generation, {@code warnBefore} ahead; deleted
     * once it was warned and its time has come.
     */
    public static Action next(Phase phase, ExpiryRow row, Instant now, Duration warnBefore) {
        if (row == null || row.due() == null || (phase != Phase.READY && phase != Phase.FAILED)) {
            return Action.NONE;
        }
        Instant expiresAt = row.due().expiresAt();
        if (row.warnedGeneration() < row.generation()) {
            return now.isBefore(expiresAt.minus(warnBefore)) ? Action.NONE : Action.WARN;
        }
        return now.isBefore(expiresAt) ? Action.NONE : Action.DELETE;
    }

    /**
     * When a warning sent now deletes: at the expiry, or {@code warnBefore} after the warning when it
     * comes late (after an orchestrator was away): nobody loses an environment unwarned.
     */
    public static Instant deletesAt(Instant expiresAt, Instant now, Duration warnBefore) {
        Instant earliest = now.plus(warnBefore);
        return expiresAt.isBefore(earliest) ? earliest : expiresAt;
    }

    /**
     * Whether this stored state is a submission that has just started a generation (a submitter's:
     * not the saga's own restore), as opposed to a step's answer within it: every step started when
     * the state was written, and none has answered yet.
     */
    public static boolean isFreshSubmission(SagaState state) {
        return state.phase() == Phase.APPLYING && !state.restoring()
                && state.steps().values().stream().allMatch(s -> s.startedAt().equals(state.updatedAt()) && s.updatedAt().equals(state.updatedAt()));
    }

    /** Whether the state is the last submitted generation becoming ready (a restore's Ready is not an apply of a submitter's). */
    public static boolean isApplied(SagaState state) {
        return state.phase() == Phase.READY && !state.restoring();
    }

    private static Due limit(String name, Duration own, String ownOrigin, Duration fallback, String fallbackOrigin, Instant since) {
        Duration after = own != null ? own : fallback;
        if (after == null) {
            return null;
        }
        return new Due(since.plus(after), name, Durations.format(after), since, own != null ? ownOrigin : fallbackOrigin);
    }
}
