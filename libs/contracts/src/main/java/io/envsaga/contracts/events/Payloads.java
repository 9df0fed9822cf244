package io.envsaga.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.Violation;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The JSON bodies of the events. Secrets never travel here: outputs name Kubernetes Secrets and
 * Services, never their contents.
 */
public final class Payloads {

    private Payloads() {
    }

    /** A command of the orchestrator to the step services; each carries the spec it is about. */
    public sealed interface Command permits EnvironmentRequested, EnvironmentRollbackRequested, EnvironmentDeletionRequested {
        Environment spec();
    }

    /** Bring generation N of this spec up. */
    public record EnvironmentRequested(Environment spec) implements Command {
    }

    /** Release what generation N (of this spec) created. */
    public record EnvironmentRollbackRequested(Environment spec) implements Command {
    }

    /** Tear the environment down (its last spec says what to keep). */
    public record EnvironmentDeletionRequested(Environment spec) implements Command {
    }

    /** A step's part is done; {@code outputs} names what it made (Service and Secret names, IPs). */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record StepSucceeded(Step step, boolean skipped, Map<String, String> outputs) {
        public StepSucceeded {
            outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
        }
    }

    /**
     * A step's part failed; {@code retryable} says whether the same spec could succeed later, and
     * {@code command} which command failed. {@code command} is null in a message of a step service
     * older than the field (the orchestrator then guesses, see docs/events.md); never write null.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StepFailed(Step step, String reason, boolean retryable, CommandKind command) {
    }

    /**
     * A step released what it made; {@code command} says which release command it answers
     * ({@code rollback} or {@code deletion}). Null in a message of a step service older than the
     * field (the orchestrator then takes it for whichever release it waits for, see
     * docs/events.md); never write null.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StepReleased(Step step, CommandKind command) {
    }

    /** A human-readable note on the way, e.g. "client-api 2/3 available". */
    public record StepProgress(Step step, String message) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record EnvironmentReady(Map<Step, Map<String, String>> outputs) {
        public EnvironmentReady {
            outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
        }
    }

    public record EnvironmentFailed(List<StepReason> reasons) {
        public EnvironmentFailed {
            reasons = reasons == null ? List.of() : List.copyOf(reasons);
        }
    }

    /** Why one step failed; {@code step} is null for a reason of the saga as a whole. */
    public record StepReason(Step step, String reason) {
    }

    public record EnvironmentDeleted() {
    }

    /**
     * The environment will be deleted at {@code expiresAt}, because of {@code limit} ({@code ttl} or
     * {@code idleAfter} of {@code spec.expiry}, or the tier's default), {@code after} as the spec writes
     * it ({@code 28d}), counted from {@code since}; published once per generation, a configurable time
     * before. A new apply cancels it (and starts the clock again).
     */
    public record EnvironmentExpiring(Instant expiresAt, String limit, String after, Instant since) {
    }

    /**
     * The orchestrator deletes the environment because it expired ({@code limit}, {@code after},
     * counted from {@code since}); the {@code environment.deletion-requested} of the same generation
     * follows at once.
     */
    public record EnvironmentExpired(String limit, String after, Instant since, String reason) {
    }

    public record EnvironmentRejected(List<Violation> violations) {
        public EnvironmentRejected {
            violations = violations == null ? List.of() : List.copyOf(violations);
        }
    }
}
