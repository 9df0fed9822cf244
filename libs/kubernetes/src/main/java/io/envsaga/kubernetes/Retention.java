package io.envsaga.kubernetes;

/** What a release keeps. */
public enum Retention {
    /**
     * Keep the create-only objects ({@link Desired#createOnly}) and the PersistentVolumeClaims of
     * the step's StatefulSets: the data and the credentials to it, for a spec that retains data.
     */
    KEEP_CREATE_ONLY,
    /** Delete everything the step made, claims included. */
    DELETE_ALL
}
