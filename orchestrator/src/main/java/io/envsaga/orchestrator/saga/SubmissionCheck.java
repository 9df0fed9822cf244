package io.envsaga.orchestrator.saga;

import java.util.Optional;

/**
 * What a submission checks against the environment as it is now, run by
 * {@link SagaService#submit} under the environment's lock before the saga takes the spec; it
 * refuses by throwing, and nothing of the submission is written.
 */
@FunctionalInterface
public interface SubmissionCheck {

    /** @param current the environment under its lock; empty when the name is new */
    void check(Optional<SagaState> current);
}
