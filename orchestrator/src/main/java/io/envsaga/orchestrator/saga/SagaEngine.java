package io.envsaga.orchestrator.saga;

import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Payloads;
import io.envsaga.contracts.events.Payloads.StepReason;
import io.envsaga.contracts.events.Step;
import io.envsaga.contracts.spec.Environment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The saga of one environment as a pure state machine: given the state, an input and the time,
 * it returns the next state and the events to publish. No I/O, no clock, no Spring: persistence
 * and messaging are around it (see {@code SagaService}).
 */
public final class SagaEngine {

    private final Deadlines deadlines;
    private final Placement placement;

    /** An installation of one cluster with every step. */
    public SagaEngine(Deadlines deadlines) {
        this(deadlines, Placement.oneCluster());
    }

    /** @param placement the steps of each environment's cluster: the saga commands and awaits those only */
    public SagaEngine(Deadlines deadlines, Placement placement) {
        this.deadlines = deadlines;
        this.placement = placement;
    }

    /** A validated spec was accepted: the next generation starts, superseding any in flight. */
    public Decision submit(SagaState current, Environment spec, String sagaId, Instant now) {
        long generation = current == null ? 1 : current.generation() + 1;
        Environment lastGood = current == null || current.phase() == Phase.DELETED ? null : current.lastGoodSpec();
        long lastGoodGeneration = lastGood == null ? 0 : current.lastGoodGeneration();
        SagaState next = new SagaState(spec.name(), Phase.APPLYING, generation, sagaId, spec, lastGood, lastGoodGeneration,
                false, startSteps(StepStatus.PENDING, now, spec), List.of(), current == null ? now : current.createdAt(), now);
        return new Decision(next, List.of(new Outgoing(EventType.ENVIRONMENT_REQUESTED, spec.name(), generation, sagaId,
                new Payloads.EnvironmentRequested(spec))), "generation " + generation + " requested");
    }

    /** Tear the environment down: every step releases it (the current spec says what to keep). */
    public Decision delete(SagaState current, Instant now) {
        if (current.phase() == Phase.DELETED || current.phase() == Phase.DELETING) {
            return Decision.ignore("already " + current.phase().name().toLowerCase());
        }
        SagaState next = current.with(Phase.DELETING, startSteps(StepStatus.RELEASING, now, current.spec()), List.of(), now);
        return new Decision(next, List.of(new Outgoing(EventType.ENVIRONMENT_DELETION_REQUESTED, current.name(),
                current.generation(), current.sagaId(), new Payloads.EnvironmentDeletionRequested(current.spec()))),
                "deletion requested");
    }

    public Decision onStep(SagaState current, StepReport report, Instant now) {
        if (report.generation() != current.generation() || !report.sagaId().equals(current.sagaId())) {
            return Decision.ignore("stale: " + report.type() + " of " + report.step().id() + " for generation "
                    + report.generation() + ", current is " + current.generation());
        }
        return switch (report.type()) {
            case STEP_SUCCEEDED -> succeeded(current, report.step(), (Payloads.StepSucceeded) report.data(), now);
            case STEP_FAILED -> failed(current, report.step(), (Payloads.StepFailed) report.data(), now);
            case STEP_RELEASED -> released(current, report.step(), (Payloads.StepReleased) report.data(), now);
            case STEP_PROGRESS -> progress(current, report.step(), ((Payloads.StepProgress) report.data()).message(), now);
            default -> Decision.ignore(report.type() + " is not a step report");
        };
    }

    /** Time passes: steps past their deadline count as failed (or, when releasing, as not released). */
    public Decision tick(SagaState current, Instant now) {
        Decision decision = Decision.ignore("nothing due");
        SagaState state = current;
        List<Outgoing> outgoing = new ArrayList<>();
        for (Step step : Step.values()) {
            StepState stepState = state.steps().get(step);
            if (stepState == null || stepState.deadline() == null || now.isBefore(stepState.deadline())) {
                continue;
            }
            String reason = "timed out after " + human(deadlines.of(step));
            Decision next = null;
            if (state.phase() == Phase.APPLYING && stepState.status() == StepStatus.PENDING) {
                next = applyFailed(state, step, reason, now);
            } else if ((state.phase() == Phase.ROLLING_BACK || state.phase() == Phase.DELETING) && stepState.status() == StepStatus.RELEASING) {
                next = releaseFailed(state, step, "release " + reason, now);
            }
            if (next != null && next.changed()) {
                state = next.state();
                outgoing.addAll(next.outgoing());
                decision = new Decision(state, outgoing, step.id() + " " + reason);
            }
        }
        return decision;
    }

    private Decision succeeded(SagaState current, Step step, Payloads.StepSucceeded data, Instant now) {
        StepState stepState = current.steps().get(step);
        if (current.phase() == Phase.ROLLING_BACK || current.phase() == Phase.FAILED) {
            if (stepState != null && stepState.status() == StepStatus.RELEASED && !current.wasEverReady()) {
                // applied after it was released: release it again, so that nothing is left behind
                // a failed saga stays failed: its outcome is published, and an outcome is published once per generation
                Map<Step, StepState> steps = new EnumMap<>(current.steps());
                steps.put(step, stepState.with(StepStatus.RELEASING, null, now));
                return new Decision(current.with(current.phase(), steps, current.reasons(), now),
                        List.of(new Outgoing(EventType.ENVIRONMENT_ROLLBACK_REQUESTED, current.name(), current.generation(),
                                current.sagaId(), new Payloads.EnvironmentRollbackRequested(current.spec()))),
                        "late success of " + step.id() + " after release: releasing again");
            }
            return Decision.ignore("success of " + step.id() + " while " + current.phase());
        }
        if (current.phase() != Phase.APPLYING || stepState == null || stepState.status() != StepStatus.PENDING) {
            return Decision.ignore("duplicate or late success of " + step.id());
        }
        Map<Step, StepState> steps = new EnumMap<>(current.steps());
        steps.put(step, stepState.with(data.skipped() ? StepStatus.SKIPPED : StepStatus.SUCCEEDED, null, now)
                .withOutputs(data.outputs(), now));
        if (!steps.values().stream().allMatch(s -> s.status().isApplied())) {
            return new Decision(current.with(Phase.APPLYING, steps, current.reasons(), now), List.of(), step.id() + " succeeded");
        }
        Map<Step, Map<String, String>> outputs = new EnumMap<>(Step.class);
        steps.forEach((s, st) -> {
            if (!st.outputs().isEmpty()) {
                outputs.put(s, st.outputs());
            }
        });
        SagaState ready = new SagaState(current.name(), Phase.READY, current.generation(), current.sagaId(), current.spec(),
                current.spec(), current.generation(), current.restoring(), steps, current.reasons(), current.createdAt(), now);
        return new Decision(ready, List.of(new Outgoing(EventType.ENVIRONMENT_READY, current.name(), current.generation(),
                current.sagaId(), new Payloads.EnvironmentReady(outputs))), "ready");
    }

    /** A step failed: what that means depends on the command it answers ({@link FailureReading}). */
    private Decision failed(SagaState current, Step step, Payloads.StepFailed data, Instant now) {
        FailureReading reading = FailureReading.of(current, step, data);
        return switch (reading.meaning()) {
            case APPLY_FAILED -> applyFailed(current, step, data.reason(), now);
            case LATE_APPLY_FAILED -> FailureReading.lateApplyFailure(current, step, data.reason(), now);
            case RELEASE_FAILED -> current.phase() == Phase.FAILED
                    ? afterOutcome(current, step, StepStatus.RELEASE_FAILED, data.reason(), now)
                    : releaseFailed(current, step, data.reason(), now);
            case IGNORED -> Decision.ignore(reading.note());
        };
    }

    private Decision applyFailed(SagaState current, Step step, String reason, Instant now) {
        StepState stepState = current.steps().get(step);
        if (current.phase() != Phase.APPLYING || stepState == null || stepState.status() != StepStatus.PENDING) {
            return Decision.ignore("duplicate or late failure of " + step.id());
        }
        List<StepReason> reasons = new ArrayList<>(current.reasons());
        reasons.add(new StepReason(step, reason));
        List<StepReason> failure = List.copyOf(reasons);
        if (!current.wasEverReady()) {
            // never ready: release everything this generation made, then report the failure
            SagaState rollingBack = current.with(Phase.ROLLING_BACK, startSteps(StepStatus.RELEASING, now, current.spec()), failure, now);
            Map<Step, StepState> steps = new EnumMap<>(rollingBack.steps());
            steps.computeIfPresent(step, (s, st) -> st.with(StepStatus.RELEASING, reason, now));
            return new Decision(current.with(Phase.ROLLING_BACK, steps, failure, now),
                    List.of(new Outgoing(EventType.ENVIRONMENT_ROLLBACK_REQUESTED, current.name(), current.generation(),
                            current.sagaId(), new Payloads.EnvironmentRollbackRequested(current.spec()))),
                    step.id() + " failed: rolling back");
        }
        Outgoing failedOutcome = new Outgoing(EventType.ENVIRONMENT_FAILED, current.name(), current.generation(), current.sagaId(),
                new Payloads.EnvironmentFailed(failure));
        if (current.restoring()) {
            // the last good spec itself no longer applies: stop here, people must look
            Map<Step, StepState> steps = new EnumMap<>(current.steps());
            steps.put(step, stepState.with(StepStatus.FAILED, reason, now));
            return new Decision(current.with(Phase.FAILED, steps, failure, now), List.of(failedOutcome),
                    "restoring generation " + current.lastGoodGeneration() + " failed");
        }
        // an update failed: the environment goes back to its last good spec, as a new generation
        long restoreGeneration = current.generation() + 1;
        String restoreSaga = current.sagaId() + "-restore";
        SagaState restoring = new SagaState(current.name(), Phase.APPLYING, restoreGeneration, restoreSaga, current.lastGoodSpec(),
                current.lastGoodSpec(), current.lastGoodGeneration(), true, startSteps(StepStatus.PENDING, now, current.lastGoodSpec()), failure,
                current.createdAt(), now);
        return new Decision(restoring, List.of(failedOutcome,
                new Outgoing(EventType.ENVIRONMENT_REQUESTED, current.name(), restoreGeneration, restoreSaga,
                        new Payloads.EnvironmentRequested(current.lastGoodSpec()))),
                step.id() + " failed: restoring generation " + current.lastGoodGeneration());
    }

    private Decision released(SagaState current, Step step, Payloads.StepReleased data, Instant now) {
        String other = FailureReading.otherRelease(current, step, data.command());
        if (other != null) {
            return Decision.ignore(other);
        }
        StepState stepState = current.steps().get(step);
        if (current.phase() == Phase.FAILED && stepState != null && stepState.status() == StepStatus.RELEASING) {
            return afterOutcome(current, step, StepStatus.RELEASED, stepState.reason(), now);
        }
        if ((current.phase() != Phase.ROLLING_BACK && current.phase() != Phase.DELETING)
                || stepState == null || stepState.status() != StepStatus.RELEASING) {
            return Decision.ignore("duplicate or late release of " + step.id());
        }
        Map<Step, StepState> steps = new EnumMap<>(current.steps());
        steps.put(step, stepState.with(StepStatus.RELEASED, stepState.reason(), now));
        return settleRelease(current, steps, current.reasons(), step.id() + " released", now);
    }

    /** The release of a late success of a failed saga: the step's state changes, the saga's outcome does not. */
    private Decision afterOutcome(SagaState current, Step step, StepStatus status, String reason, Instant now) {
        Map<Step, StepState> steps = new EnumMap<>(current.steps());
        steps.put(step, current.steps().get(step).with(status, reason, now));
        return new Decision(current.with(Phase.FAILED, steps, current.reasons(), now), List.of(),
                step.id() + " " + status.name().toLowerCase() + " after the outcome");
    }

    private Decision releaseFailed(SagaState current, Step step, String reason, Instant now) {
        Map<Step, StepState> steps = new EnumMap<>(current.steps());
        steps.put(step, current.steps().get(step).with(StepStatus.RELEASE_FAILED, reason, now));
        List<StepReason> reasons = new ArrayList<>(current.reasons());
        reasons.add(new StepReason(step, reason));
        return settleRelease(current, steps, reasons, step.id() + " could not release: " + reason, now);
    }

    private Decision settleRelease(SagaState current, Map<Step, StepState> steps, List<StepReason> reasons, String note, Instant now) {
        if (!steps.values().stream().allMatch(s -> s.status().isReleaseSettled())) {
            return new Decision(current.with(current.phase(), steps, reasons, now), List.of(), note);
        }
        boolean clean = steps.values().stream().allMatch(s -> s.status() == StepStatus.RELEASED);
        if (current.phase() == Phase.DELETING && clean) {
            SagaState deleted = new SagaState(current.name(), Phase.DELETED, current.generation(), current.sagaId(), current.spec(),
                    null, 0, false, steps, reasons, current.createdAt(), now);
            return new Decision(deleted, List.of(new Outgoing(EventType.ENVIRONMENT_DELETED, current.name(), current.generation(),
                    current.sagaId(), new Payloads.EnvironmentDeleted())), "deleted");
        }
        SagaState failed = current.with(Phase.FAILED, steps, reasons, now);
        return new Decision(failed, List.of(new Outgoing(EventType.ENVIRONMENT_FAILED, current.name(), current.generation(),
                current.sagaId(), new Payloads.EnvironmentFailed(reasons))),
                current.phase() == Phase.DELETING ? "deletion incomplete" : "rolled back");
    }

    private Decision progress(SagaState current, Step step, String message, Instant now) {
        StepState stepState = current.steps().get(step);
        if (stepState == null || current.phase().isSettled()) {
            return Decision.ignore("progress after the fact");
        }
        Map<Step, StepState> steps = new EnumMap<>(current.steps());
        steps.put(step, stepState.withProgress(message, now));
        return new Decision(current.with(current.phase(), steps, current.reasons(), now), List.of(), step.id() + ": " + message);
    }

    /** The steps of the environment's cluster, each started: a step its cluster does not run is neither commanded nor awaited. */
    private Map<Step, StepState> startSteps(StepStatus status, Instant now, Environment spec) {
        Set<Step> ofCluster = placement.stepsOf(placement.clusterOf(spec.spec()));
        Map<Step, StepState> steps = new EnumMap<>(Step.class);
        for (Step step : Step.values()) {
            if (ofCluster.contains(step)) {
                steps.put(step, StepState.started(status, now, now.plus(deadlines.of(step))));
            }
        }
        return steps;
    }

    static String human(Duration duration) {
        if (duration.toSeconds() % 60 == 0 && duration.toMinutes() > 0) {
            return duration.toMinutes() + " min";
        }
        if (duration.toMillis() % 1000 == 0) {
            return duration.toSeconds() + " s";
        }
        return duration.toMillis() + " ms";
    }
}
