package io.envsaga.orchestrator.saga;

import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Step;

/** A step service's answer, as the saga sees it. */
public record StepReport(Step step, EventType type, long generation, String sagaId, Object data) {
}
