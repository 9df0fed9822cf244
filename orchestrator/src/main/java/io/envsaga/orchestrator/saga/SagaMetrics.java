package io.envsaga.orchestrator.saga;

import io.envsaga.contracts.events.Payloads.StepReason;
import io.envsaga.contracts.events.Step;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Micrometer meters of the saga: {@code envsaga.saga.duration} by outcome (its count is the
 * sagas' outcome counter), {@code envsaga.step.duration} by step and outcome (from the command
 * to the answer), both with {@link #BUCKETS} as histogram buckets, {@code envsaga.step.failures}
 * by step, outcome ({@code failed}: an apply, {@code release_failed}) and {@link FailureClass} (never the reason's text, never the environment:
 * every label has a fixed set of values), {@code envsaga.sagas.in.flight}.
 */
@Component
public class SagaMetrics {

    /**
     * The histograms' buckets: a saga takes seconds to tens of minutes (a deadline is 10 min by
     * default), so the buckets run from 1 s to 30 min, not the milliseconds of a request.
     */
    static final Duration[] BUCKETS = {Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(45), Duration.ofMinutes(1), Duration.ofSeconds(90),
        Duration.ofMinutes(2), Duration.ofMinutes(3), Duration.ofMinutes(5), Duration.ofMinutes(7), Duration.ofMinutes(10),
        Duration.ofMinutes(15), Duration.ofMinutes(20), Duration.ofMinutes(30)};

    private final MeterRegistry registry;
    private final Map<String, Phase> phases = new ConcurrentHashMap<>();

    public SagaMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("envsaga.sagas.in.flight", phases, p -> p.values().stream().filter(phase -> !phase.isSettled()).count());
    }

    void record(SagaState before, SagaState after, List<Outgoing> outgoing, Instant now) {
        if (after.phase() == Phase.DELETED) {
            phases.remove(after.name()); // a preview per pull request: the names of deleted ones would pile up for ever
        } else {
            phases.put(after.name(), after.phase());
        }
        for (Step step : Step.values()) {
            StepState prior = before == null ? null : before.steps().get(step);
            StepState was = before == null || before.generation() != after.generation() ? null : prior;
            StepState is = after.steps().get(step);
            String applyFailure = newApplyFailure(before, after, step);
            if (applyFailure != null) {
                failure(step, "failed", applyFailure);
            }
            if (applyFailure != null && prior != null && prior.status() == StepStatus.PENDING) {
                // the step's answer to its apply command: the rollback that follows has reset its start
                duration(step, "failed", Duration.between(prior.startedAt(), now));
            } else if (is != null && (was == null || was.status() != is.status()) && is.status() != StepStatus.PENDING
                    && is.status() != StepStatus.RELEASING) {
                String outcome = is.status().name().toLowerCase(Locale.ROOT);
                duration(step, outcome, Duration.between(is.startedAt(), now));
                if (is.status() == StepStatus.RELEASE_FAILED) {
                    failure(step, outcome, is.reason());
                }
            }
        }
        for (Outgoing event : outgoing) {
            if (SagaService.endsSaga(event.type())) {
                Instant started = after.steps().values().stream().map(StepState::startedAt).min(Instant::compareTo).orElse(now);
                Timer.builder("envsaga.saga.duration").tag("outcome", event.type().routingKey().replace("environment.", ""))
                        .serviceLevelObjectives(BUCKETS).register(registry).record(Duration.between(started, now));
            }
        }
    }

    /** The reason of {@code step}'s apply failure that {@code after} adds to the environment's reasons, or null. */
    private static String newApplyFailure(SagaState before, SagaState after, Step step) {
        List<StepReason> known = before == null ? List.of() : before.reasons();
        return after.reasons().stream().filter(r -> r.step() == step && !known.contains(r)).map(StepReason::reason)
                .findFirst().orElse(null);
    }

    private void duration(Step step, String outcome, Duration duration) {
        Timer.builder("envsaga.step.duration").tag("step", step.id()).tag("outcome", outcome).serviceLevelObjectives(BUCKETS)
                .register(registry).record(duration);
    }

    private void failure(Step step, String outcome, String reason) {
        Counter.builder("envsaga.step.failures").tag("step", step.id()).tag("outcome", outcome)
                .tag("reason", FailureClass.of(reason).label()).register(registry).increment();
    }

    /** How many environments the in-flight gauge looks at (deleted ones are forgotten). */
    int tracked() {
        return phases.size();
    }
}
