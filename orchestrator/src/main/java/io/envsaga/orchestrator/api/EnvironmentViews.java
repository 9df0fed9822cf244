package io.envsaga.orchestrator.api;

import io.envsaga.orchestrator.expiry.ExpiryStore;
import io.envsaga.orchestrator.saga.Placement;
import io.envsaga.orchestrator.saga.SagaState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Builds the views the API and the event streams show: the saga's state with the cluster it lives
 * on and when it expires. One place, so that GET, the list and every SSE event say the same.
 */
@Component
@EnableConfigurationProperties(TraceLinks.class)
public class EnvironmentViews {

    private final Placement placement;
    private final ExpiryStore expiry;
    private final TraceLinks traces;

    public EnvironmentViews(Placement placement, ExpiryStore expiry, TraceLinks traces) {
        this.placement = placement;
        this.expiry = expiry;
        this.traces = traces;
    }

    /** One environment's view (one read of its expiry). */
    public EnvironmentView of(SagaState state) {
        return EnvironmentView.of(state, placement, traces).expiring(expiry.expiresAt(state.name()));
    }

    /** Many environments' views, their expiries read at once. */
    public List<EnvironmentView> of(List<SagaState> states) {
        Map<String, Instant> expiring = expiry.expiresAt();
        return states.stream().map(state -> EnvironmentView.of(state, placement, traces).expiring(expiring.get(state.name()))).toList();
    }
}
