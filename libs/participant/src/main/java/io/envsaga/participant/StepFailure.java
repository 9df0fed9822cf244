package io.envsaga.participant;

/**
 * A failure that retrying will not fix, with a reason a person can act on, e.g.
 * {@code "client-api: ImagePullBackOff for ghcr.io/skkuding/codedang-client-api:sha-bad"}.
 */
public class StepFailure extends RuntimeException {

    private final boolean retryable;

    public StepFailure(String reason) {
        this(reason, false);
    }

    /** @param retryable whether the same spec might succeed later (reported to the orchestrator) */
    public StepFailure(String reason, boolean retryable) {
        super(reason);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
