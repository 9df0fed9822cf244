package io.envsaga.orchestrator.expiry;

import io.envsaga.orchestrator.saga.EnvironmentChanged;
import io.envsaga.orchestrator.saga.Phase;
import io.envsaga.orchestrator.saga.SagaState;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps each environment's expiry clock ({@link ExpiryStore}) as its saga changes: a plain
 * {@link EventListener}, so it runs inside the transaction that stores the change, under the
 * environment's lock, and the clock can never disagree with the saga. A submitter's new generation
 * starts the clock again (and its warning is due again); that generation becoming ready starts the
 * ttl; a deleted environment has no clock. A step's answer within a generation costs nothing here.
 */
@Component
public class ExpiryClock {

    private final ExpiryStore store;
    private final ExpiryProperties defaults;

    public ExpiryClock(ExpiryStore store, ExpiryProperties defaults) {
        this.store = store;
        this.defaults = defaults;
    }

    @EventListener
    public void on(EnvironmentChanged changed) {
        SagaState state = changed.state();
        if (ExpiryRules.isFreshSubmission(state)) {
            store.submitted(state.name(), state.generation(), state.updatedAt(),
                    ExpiryRules.due(state.spec().spec(), defaults, state.updatedAt(), null).orElse(null));
        } else if (ExpiryRules.isApplied(state)) {
            Optional<ExpiryRow> row = store.find(state.name());
            row.filter(r -> r.generation() == state.generation() && r.appliedAt() == null)
                    .ifPresent(r -> store.applied(state.name(), state.generation(), state.updatedAt(),
                            ExpiryRules.due(state.spec().spec(), defaults, r.submittedAt(), state.updatedAt()).orElse(null)));
        } else if (state.phase() == Phase.DELETED) {
            store.forget(state.name());
        }
    }
}
