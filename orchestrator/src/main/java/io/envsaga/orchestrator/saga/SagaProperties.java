package io.envsaga.orchestrator.saga;

import io.envsaga.contracts.events.Step;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code envsaga.orchestrator.deadlines.*}: how long the saga waits for a step.
 *
 * @param defaultDeadline every step's deadline unless overridden (10 min)
 * @param steps           overrides by step id, e.g. {@code dns: 5m}
 * @param sweep           how often deadlines are checked
 */
@ConfigurationProperties("envsaga.orchestrator.deadlines")
public record SagaProperties(Duration defaultDeadline, Map<String, Duration> steps, Duration sweep) {

    public SagaProperties {
        defaultDeadline = defaultDeadline == null ? Duration.ofMinutes(10) : defaultDeadline;
        steps = steps == null ? Map.of() : Map.copyOf(steps);
        sweep = sweep == null ? Duration.ofSeconds(1) : sweep;
    }

    public Deadlines deadlines() {
        Map<Step, Duration> perStep = new EnumMap<>(Step.class);
        steps.forEach((id, duration) -> perStep.put(Step.of(id), duration));
        return new Deadlines(defaultDeadline, perStep);
    }
}
