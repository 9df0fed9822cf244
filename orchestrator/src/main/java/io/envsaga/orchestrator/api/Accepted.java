package io.envsaga.orchestrator.api;

/** The answer to an accepted submission or deletion. */
public record Accepted(String name, long generation, String sagaId, String phase, String url) {
}
