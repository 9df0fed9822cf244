package io.envsaga.orchestrator.saga;

import java.time.Instant;
import java.util.List;

/**
 * Something the orchestrator decides about an environment by itself (its expiry), run by
 * {@link SagaService#review} under the environment's lock: it reads the environment as it is and
 * may write rows of its own in the same transaction.
 */
@FunctionalInterface
public interface Review {

    Verdict of(SagaState current, Instant now);

    /**
     * What a review decided.
     *
     * @param publish events about the environment, published before anything the deletion publishes
     * @param delete  whether the environment is to be deleted, through the normal deletion saga
     */
    record Verdict(List<Outgoing> publish, boolean delete) {

        public static final Verdict NOTHING = new Verdict(List.of(), false);

        public Verdict {
            publish = List.copyOf(publish);
        }
    }
}
