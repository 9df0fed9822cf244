package io.envsaga.orchestrator.tenancy;

/**
 * A submitter's key that cannot answer this request: it was used for another request, or the
 * request that took it has not finished.
 */
public class SubmissionKeyReusedException extends RuntimeException {

    private final boolean pending;

    SubmissionKeyReusedException(String message, boolean pending) {
        super(message);
        this.pending = pending;
    }

    /** True when the first request under the key has not finished (try again), false when the key is another request's. */
    public boolean pending() {
        return pending;
    }
}
