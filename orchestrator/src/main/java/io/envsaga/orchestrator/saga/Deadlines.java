package io.envsaga.orchestrator.saga;

import io.envsaga.contracts.events.Step;
import java.time.Duration;
import java.util.Map;

/** How long the saga waits for each step: a default and overrides per step. */
public record Deadlines(Duration defaultDeadline, Map<Step, Duration> perStep) {

    public Deadlines {
        perStep = perStep == null ? Map.of() : Map.copyOf(perStep);
    }

    public Duration of(Step step) {
        return perStep.getOrDefault(step, defaultDeadline);
    }
}
