package io.envsaga.orchestrator.tenancy;

import io.envsaga.orchestrator.saga.SagaState;

/**
 * What a submission was answered: the generation and saga it started, and whether this answer is
 * the remembered one of an earlier request under the same key ({@code replayed}).
 */
public record Submitted(String name, long generation, String sagaId, String phase, boolean replayed) {

    static Submitted of(SagaState state) {
        return new Submitted(state.name(), state.generation(), state.sagaId(), state.phase().name().toLowerCase(), false);
    }
}
