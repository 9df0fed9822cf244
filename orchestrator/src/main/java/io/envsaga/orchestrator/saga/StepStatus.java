package io.envsaga.orchestrator.saga;

/** Where one step of the current generation stands. */
public enum StepStatus {
    PENDING, SUCCEEDED, SKIPPED, FAILED, RELEASING, RELEASED, RELEASE_FAILED;

    boolean isApplied() {
        return this == SUCCEEDED || this == SKIPPED;
    }

    boolean isReleaseSettled() {
        return this == RELEASED || this == RELEASE_FAILED;
    }
}
