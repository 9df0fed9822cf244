package io.envsaga.orchestrator.saga;

import io.envsaga.contracts.events.Payloads.StepReason;
import io.envsaga.contracts.events.Step;
import io.envsaga.contracts.spec.Environment;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The saga state of one environment: its current generation and the steps of it, and the last
 * spec that was ready (what an update falls back to).
 *
 * @param restoring          the current generation re-applies the last good spec after a failed update
 * @param lastGoodGeneration 0 when the environment was never ready
 * @param reasons            why the current (or last) generation failed
 * @param traceId            the trace of the current generation's saga (its submission's), as stored; null when untraced
 */
public record SagaState(String name, Phase phase, long generation, String sagaId, Environment spec,
                        Environment lastGoodSpec, long lastGoodGeneration, boolean restoring,
                        Map<Step, StepState> steps, List<StepReason> reasons, Instant createdAt, Instant updatedAt,
                        String traceId) {

    /** A state whose trace the store records when it is saved (the current one when the saga is new). */
    public SagaState(String name, Phase phase, long generation, String sagaId, Environment spec,
                     Environment lastGoodSpec, long lastGoodGeneration, boolean restoring,
                     Map<Step, StepState> steps, List<StepReason> reasons, Instant createdAt, Instant updatedAt) {
        this(name, phase, generation, sagaId, spec, lastGoodSpec, lastGoodGeneration, restoring, steps, reasons, createdAt, updatedAt, null);
    }

    public SagaState {
        EnumMap<Step, StepState> copy = new EnumMap<>(Step.class);
        copy.putAll(steps);
        steps = Collections.unmodifiableMap(copy);
        reasons = List.copyOf(reasons);
    }

    public boolean wasEverReady() {
        return lastGoodSpec != null;
    }

    SagaState with(Phase newPhase, Map<Step, StepState> newSteps, List<StepReason> newReasons, Instant now) {
        return new SagaState(name, newPhase, generation, sagaId, spec, lastGoodSpec, lastGoodGeneration, restoring,
                newSteps, newReasons, createdAt, now, traceId);
    }
}
