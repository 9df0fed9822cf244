package io.envsaga.orchestrator.expiry;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Payloads;
import io.envsaga.contracts.events.Step;
import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.EnvironmentValidator;
import io.envsaga.orchestrator.expiry.ExpiryRules.Action;
import io.envsaga.orchestrator.saga.Deadlines;
import io.envsaga.orchestrator.saga.Phase;
import io.envsaga.orchestrator.saga.SagaEngine;
import io.envsaga.orchestrator.saga.SagaState;
import io.envsaga.orchestrator.saga.StepReport;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When an environment is due: the pure part of expiry (docs/orchestrator.md, "Expiry"). */
class ExpiryRulesTest {

    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    static final ExpiryProperties DEFAULTS = new ExpiryProperties(null, Duration.ofHours(1), null);

    @Test
    void aPreviewWithoutExpiryHasTheTiersDefaultOf28DaysWithNoApply() {
        Due due = ExpiryRules.due(spec("preview", ""), DEFAULTS, T0, T0.plusSeconds(60)).orElseThrow();

        assertThat(due).isEqualTo(new Due(T0.plus(Duration.ofDays(28)), "idleAfter", "28d", T0,
                "envsaga.orchestrator.expiry.preview.idle-after"));
        assertThat(due.reason()).isEqualTo("expired: no apply for 28d (idleAfter, envsaga.orchestrator.expiry.preview.idle-after) since "
                + "2026-11-22T10:00:00Z");
    }

    @Test
    void theTtlCountsFromTheApplyThatBecameReadyAndTheEarlierLimitWins() {
        Instant ready = T0.plusSeconds(600);
        Due due = ExpiryRules.due(spec("preview", "  expiry: { ttl: 2h }\n"), DEFAULTS, T0, ready).orElseThrow();
        assertThat(due).isEqualTo(new Due(ready.plus(Duration.ofHours(2)), "ttl", "2h", ready, "spec.expiry.ttl"));
        assertThat(due.reason()).startsWith("expired: 2h after its last apply (ttl, spec.expiry.ttl), ready at");

        // before it is ready the ttl counts from the submission
        assertThat(ExpiryRules.due(spec("preview", "  expiry: { ttl: 2h }\n"), DEFAULTS, T0, null).orElseThrow().expiresAt())
                .isEqualTo(T0.plus(Duration.ofHours(2)));
        // idleAfter of the spec shorter than the ttl of the configuration
        ExpiryProperties withTtl = new ExpiryProperties(new ExpiryProperties.Preview(Duration.ofDays(7), null), Duration.ofHours(1), null);
        assertThat(ExpiryRules.due(spec("preview", "  expiry: { idleAfter: 2s }\n"), withTtl, T0, ready).orElseThrow())
                .isEqualTo(new Due(T0.plusSeconds(2), "idleAfter", "2s", T0, "spec.expiry.idleAfter"));
        assertThat(ExpiryRules.due(spec("preview", ""), withTtl, T0, ready).orElseThrow())
                .isEqualTo(new Due(ready.plus(Duration.ofDays(7)), "ttl", "7d", ready, "envsaga.orchestrator.expiry.preview.ttl"));
    }

    @Test
    void stageExpiresOnlyWhenItsSpecSaysSoAndProductionNever() {
        assertThat(ExpiryRules.due(spec("stage", ""), DEFAULTS, T0, T0)).isEmpty();
        assertThat(ExpiryRules.due(spec("stage", "  expiry: { idleAfter: 90d }\n"), DEFAULTS, T0, T0).orElseThrow().expiresAt())
                .isEqualTo(T0.plus(Duration.ofDays(90)));
        assertThat(ExpiryRules.due(spec("production", ""), DEFAULTS, T0, T0)).isEmpty();
        // a zero default is no limit
        ExpiryProperties none = new ExpiryProperties(new ExpiryProperties.Preview(Duration.ZERO, Duration.ZERO), null, null);
        assertThat(ExpiryRules.due(spec("preview", ""), none, T0, T0)).isEmpty();
    }

    @Test
    void onlyASettledEnvironmentIsWarnedOncePerGenerationThenDeletedWhenItsTimeHasCome() {
        Duration warn = Duration.ofHours(1);
        Instant expires = T0.plus(Duration.ofDays(1));
        ExpiryRow notWarned = row(3, expires, 0);
        ExpiryRow warned = row(3, expires, 3);

        assertThat(ExpiryRules.next(Phase.READY, notWarned, expires.minus(warn).minusSeconds(1), warn)).isEqualTo(Action.NONE);
        assertThat(ExpiryRules.next(Phase.READY, notWarned, expires.minus(warn), warn)).isEqualTo(Action.WARN);
        assertThat(ExpiryRules.next(Phase.FAILED, notWarned, expires.plusSeconds(5), warn)).isEqualTo(Action.WARN);
        assertThat(ExpiryRules.next(Phase.READY, warned, expires.minusSeconds(1), warn)).isEqualTo(Action.NONE);
        assertThat(ExpiryRules.next(Phase.READY, warned, expires, warn)).isEqualTo(Action.DELETE);
        assertThat(ExpiryRules.next(Phase.FAILED, warned, expires, warn)).isEqualTo(Action.DELETE);
        // warned for an older generation: this one is warned again
        assertThat(ExpiryRules.next(Phase.READY, row(4, expires, 3), expires, warn)).isEqualTo(Action.WARN);
        for (Phase busy : new Phase[] {Phase.APPLYING, Phase.ROLLING_BACK, Phase.DELETING, Phase.DELETED}) {
            assertThat(ExpiryRules.next(busy, warned, expires.plus(Duration.ofDays(30)), warn)).as(busy.name()).isEqualTo(Action.NONE);
        }
        assertThat(ExpiryRules.next(Phase.READY, new ExpiryRow("e", 3, T0, T0, null, 0), expires, warn)).isEqualTo(Action.NONE);
        assertThat(ExpiryRules.next(Phase.READY, null, expires, warn)).isEqualTo(Action.NONE);
    }

    @Test
    void aLateWarningPostponesTheDeletionByTheWarningTime() {
        Duration warn = Duration.ofHours(1);
        Instant expires = T0.plus(Duration.ofDays(1));
        assertThat(ExpiryRules.deletesAt(expires, expires.minus(warn), warn)).isEqualTo(expires);
        assertThat(ExpiryRules.deletesAt(expires, expires.plus(Duration.ofDays(3)), warn)).isEqualTo(expires.plus(Duration.ofDays(3)).plus(warn));
    }

    @Test
    void theClockStartsOnASubmittersGenerationAndItsReadyNotOnAnswersOrARestore() {
        SagaEngine engine = new SagaEngine(new Deadlines(Duration.ofMinutes(10), Map.of()));
        Environment spec = environment("preview", "");
        SagaState submitted = engine.submit(null, spec, "s1", T0).state();
        assertThat(ExpiryRules.isFreshSubmission(submitted)).isTrue();

        SagaState answered = engine.onStep(submitted, succeeded(Step.DNS, 1, "s1"), T0.plusMillis(5)).state();
        assertThat(ExpiryRules.isFreshSubmission(answered)).isFalse();
        SagaState progressed = engine.onStep(submitted, new StepReport(Step.WORKLOADS, EventType.STEP_PROGRESS, 1, "s1",
                new Payloads.StepProgress(Step.WORKLOADS, "0/1")), T0.plusMillis(5)).state();
        assertThat(ExpiryRules.isFreshSubmission(progressed)).isFalse();

        SagaState ready = submitted;
        for (Step step : Step.values()) {
            ready = engine.onStep(ready, succeeded(step, 1, "s1"), T0.plusSeconds(1)).state();
        }
        assertThat(ExpiryRules.isApplied(ready)).isTrue();

        // a failed update: the saga's own restore is neither a submission nor an apply of a submitter's
        SagaState update = engine.submit(ready, spec, "s2", T0.plusSeconds(2)).state();
        assertThat(ExpiryRules.isFreshSubmission(update)).isTrue();
        SagaState restoring = engine.onStep(update, new StepReport(Step.DNS, EventType.STEP_FAILED, 2, "s2",
                new Payloads.StepFailed(Step.DNS, "no", false, null)), T0.plusSeconds(3)).state();
        assertThat(restoring.restoring()).isTrue();
        assertThat(ExpiryRules.isFreshSubmission(restoring)).isFalse();
        SagaState restored = restoring;
        for (Step step : Step.values()) {
            restored = engine.onStep(restored, succeeded(step, 3, "s2-restore"), T0.plusSeconds(4)).state();
        }
        assertThat(restored.phase()).isEqualTo(Phase.READY);
        assertThat(ExpiryRules.isApplied(restored)).isFalse();
    }

    private static ExpiryRow row(long generation, Instant expiresAt, long warnedGeneration) {
        return new ExpiryRow("codedang-pr-1", generation, T0, T0, new Due(expiresAt, "ttl", "1d", T0, "spec.expiry.ttl"), warnedGeneration);
    }

    private static StepReport succeeded(Step step, long generation, String saga) {
        return new StepReport(step, EventType.STEP_SUCCEEDED, generation, saga, new Payloads.StepSucceeded(step, false, Map.of()));
    }

    private static io.envsaga.contracts.spec.EnvironmentSpec spec(String tier, String extra) {
        return environment(tier, extra).spec();
    }

    private static Environment environment(String tier, String extra) {
        return new EnvironmentValidator().validate("""
                apiVersion: envsaga.io/v1
                kind: Environment
                metadata: { name: codedang-pr-1 }
                spec:
                  tier: %s
                %s""".formatted(tier, extra)).orThrow();
    }
}
