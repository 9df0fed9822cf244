package io.envsaga.orchestrator.security;

/** What a caller may do with an environment. */
public enum Action {
    /** GET the environment, its history and its events. */
    READ,
    /** POST or PUT a spec. */
    APPLY,
    /** DELETE the environment. */
    DELETE
}
