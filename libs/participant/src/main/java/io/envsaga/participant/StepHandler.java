package io.envsaga.participant;

import io.envsaga.contracts.events.Step;

/**
 * The one thing a step service implements: its part of an environment. The participant
 * library does the rest (consuming, ordering, retries, reporting, acknowledging).
 *
 * <p>Both methods must be idempotent: a redelivered or repeated command changes nothing the
 * second time. Throw {@link StepFailure} for what retrying cannot fix (a reason a person can act
 * on); any other exception is taken as transient and retried with backoff.
 */
public interface StepHandler {

    Step step();

    /** Brings this step's part of the spec up and waits until it is ready. */
    StepResult apply(StepContext context) throws Exception;

    /**
     * Releases what this step made for the environment: on rollback of a generation
     * ({@link StepContext.Command#ROLLBACK}) or on deletion ({@link StepContext.Command#DELETE}).
     */
    void release(StepContext context) throws Exception;
}
