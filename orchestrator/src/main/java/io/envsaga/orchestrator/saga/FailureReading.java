package io.envsaga.orchestrator.saga;

import io.envsaga.contracts.events.CommandKind;
import io.envsaga.contracts.events.Payloads;
import io.envsaga.contracts.events.Payloads.StepReason;
import io.envsaga.contracts.events.Step;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a step's failure means for the saga, from the command it answers ({@code command} of
 * {@code step.<step>.failed}) and where the saga stands. A failure without {@code command} (a
 * step service older than the field, during a rolling upgrade) is read with the old guess.
 *
 * @param note why it is ignored, for {@link Meaning#IGNORED}
 */
record FailureReading(Meaning meaning, String note) {

    enum Meaning {
        /** The step's apply failed while the saga waits for it. */
        APPLY_FAILED,
        /** The step's apply failed after the rollback started: its release is asked already and answers on its own. */
        LATE_APPLY_FAILED,
        /** The release the saga waits for failed. */
        RELEASE_FAILED,
        IGNORED
    }

    private static final FailureReading APPLY = new FailureReading(Meaning.APPLY_FAILED, null);
    private static final FailureReading RELEASE = new FailureReading(Meaning.RELEASE_FAILED, null);

    static FailureReading of(SagaState current, Step step, Payloads.StepFailed data) {
        StepState stepState = current.steps().get(step);
        if (data.command() == null) {
            return unsaid(current, step, stepState, data.reason());
        }
        if (data.command() == CommandKind.APPLY) {
            return current.phase() == Phase.ROLLING_BACK && stepState != null
                    ? new FailureReading(Meaning.LATE_APPLY_FAILED, null) : APPLY;
        }
        if (stepState == null || stepState.status() != StepStatus.RELEASING) {
            return ignored("duplicate or late " + data.command().id() + " failure of " + step.id());
        }
        CommandKind awaited = awaitedRelease(current);
        if (data.command() != awaited) {
            return ignored(data.command().id() + " failure of " + step.id() + " while " + current.phase()
                    + ": that command is superseded, the " + awaited.id() + " answers");
        }
        return current.phase() == Phase.FAILED || current.phase() == Phase.ROLLING_BACK || current.phase() == Phase.DELETING
                ? RELEASE : ignored(data.command().id() + " failure of " + step.id() + " while " + current.phase());
    }

    /**
     * The release command a releasing step answers now: the deletion while deleting, else the
     * rollback (a late success released after the outcome is released by a rollback too).
     */
    static CommandKind awaitedRelease(SagaState current) {
        return current.phase() == Phase.DELETING ? CommandKind.DELETION : CommandKind.ROLLBACK;
    }

    /**
     * Why a release answering {@code command} is not the one the saga waits for (a rollback's
     * release while deleting: the deletion superseded it and answers on its own; a copy of the
     * deletion's release while a late success is released by a rollback), or null when it is, or
     * says nothing (a step service older than the field: any release counts, as before).
     */
    static String otherRelease(SagaState current, Step step, CommandKind command) {
        CommandKind awaited = awaitedRelease(current);
        return command == null || command == awaited ? null
                : command.id() + " release of " + step.id() + " while " + current.phase() + ": the " + awaited.id() + " answers on its own";
    }

    /**
     * The old guess: while the step releases, a failure is the release's, unless its reason is
     * the one the step's apply failed with (then it is that failure again: a redelivery, or the
     * command applied twice). A second step's apply failing after the rollback started is taken
     * for a failed release: the limit that {@code command} removes.
     */
    private static FailureReading unsaid(SagaState current, Step step, StepState stepState, String reason) {
        boolean releasing = stepState != null && stepState.status() == StepStatus.RELEASING;
        if (current.phase() == Phase.FAILED && releasing) {
            return RELEASE;
        }
        if (current.phase() == Phase.ROLLING_BACK || current.phase() == Phase.DELETING) {
            if (releasing && reason != null && reason.equals(stepState.reason())) {
                return ignored("duplicate of " + step.id() + "'s apply failure while " + current.phase());
            }
            return releasing ? RELEASE : ignored("failure of " + step.id() + " while " + current.phase());
        }
        return APPLY;
    }

    /**
     * A step's apply failed after the rollback had started (another step failed first, or it is
     * the first failure again). The rollback already asks the step to release, and that answer
     * settles it; the apply's reason joins the environment's reasons, once per step, and becomes
     * the step's reason if it has none.
     */
    static Decision lateApplyFailure(SagaState current, Step step, String reason, Instant now) {
        if (current.reasons().stream().anyMatch(r -> r.step() == step)) {
            return Decision.ignore("duplicate of " + step.id() + "'s apply failure while " + current.phase());
        }
        List<StepReason> reasons = new ArrayList<>(current.reasons());
        reasons.add(new StepReason(step, reason));
        Map<Step, StepState> steps = new EnumMap<>(current.steps());
        StepState stepState = current.steps().get(step);
        if (stepState.reason() == null) {
            steps.put(step, stepState.with(stepState.status(), reason, now));
        }
        return new Decision(current.with(current.phase(), steps, reasons, now), List.of(),
                step.id() + "'s apply failed too, its release is under way: " + reason);
    }

    private static FailureReading ignored(String note) {
        return new FailureReading(Meaning.IGNORED, note);
    }
}
