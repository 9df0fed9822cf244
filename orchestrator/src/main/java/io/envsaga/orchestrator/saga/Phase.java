package io.envsaga.orchestrator.saga;

/** Where an environment stands. */
public enum Phase {
    /** A generation is being brought up. */
    APPLYING,
    /** Every step succeeded for the current generation. */
    READY,
    /** A never-ready generation failed: its steps are releasing what they made. */
    ROLLING_BACK,
    /** The last generation failed (and was rolled back, or its restore failed). */
    FAILED,
    /** Every step is releasing the environment. */
    DELETING,
    /** Gone. A new submission starts it again. */
    DELETED;

    public boolean isSettled() {
        return this == READY || this == FAILED || this == DELETED;
    }
}
