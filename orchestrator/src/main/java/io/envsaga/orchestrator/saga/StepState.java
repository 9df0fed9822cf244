package io.envsaga.orchestrator.saga;

import java.time.Instant;
import java.util.Map;

/**
 * One step of the current generation.
 *
 * @param reason   why it failed, when it did
 * @param outputs  what it reported making (names, never secrets)
 * @param deadline when the orchestrator stops waiting for it
 * @param progress the step's last progress note
 */
public record StepState(StepStatus status, String reason, Map<String, String> outputs, String progress,
                        Instant startedAt, Instant updatedAt, Instant deadline) {

    public StepState {
        outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
    }

    static StepState started(StepStatus status, Instant now, Instant deadline) {
        return new StepState(status, null, Map.of(), null, now, now, deadline);
    }

    StepState with(StepStatus newStatus, String newReason, Instant now) {
        return new StepState(newStatus, newReason, outputs, progress, startedAt, now, deadline);
    }

    StepState withOutputs(Map<String, String> newOutputs, Instant now) {
        return new StepState(status, reason, newOutputs, progress, startedAt, now, deadline);
    }

    StepState withProgress(String note, Instant now) {
        return new StepState(status, reason, outputs, note, startedAt, now, deadline);
    }
}
