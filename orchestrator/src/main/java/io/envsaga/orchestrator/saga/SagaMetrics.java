package io.envsaga.orchestrator.saga;

import io.envsaga.contracts.events.Step;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Micrometer meters of the saga: {@code envsaga.saga.duration} by outcome,
 * {@code envsaga.step.duration} by step and outcome, {@code envsaga.sagas.in.flight}.
 */
@Component
public class SagaMetrics {

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
            StepState was = before == null || before.generation() != after.generation() ? null : before.steps().get(step);
            StepState is = after.steps().get(step);
            if (is != null && (was == null || was.status() != is.status()) && is.status() != StepStatus.PENDING
                    && is.status() != StepStatus.RELEASING) {
                Timer.builder("envsaga.step.duration").tag("step", step.id()).tag("outcome", is.status().name().toLowerCase())
                        .register(registry).record(Duration.between(is.startedAt(), now));
            }
        }
        for (Outgoing event : outgoing) {
            if (SagaService.endsSaga(event.type())) {
                Instant started = after.steps().values().stream().map(StepState::startedAt).min(Instant::compareTo).orElse(now);
                Timer.builder("envsaga.saga.duration").tag("outcome", event.type().routingKey().replace("environment.", ""))
                        .register(registry).record(Duration.between(started, now));
            }
        }
    }

    /** How many environments the in-flight gauge looks at (deleted ones are forgotten). */
    int tracked() {
        return phases.size();
    }
}
