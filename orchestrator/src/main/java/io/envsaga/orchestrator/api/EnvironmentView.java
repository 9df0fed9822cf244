package io.envsaga.orchestrator.api;

import io.envsaga.contracts.events.Payloads.StepReason;
import io.envsaga.contracts.events.Step;
import io.envsaga.contracts.spec.Environment;
import io.envsaga.orchestrator.saga.Placement;
import io.envsaga.orchestrator.saga.SagaState;
import io.envsaga.orchestrator.saga.StepState;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An environment as the API shows it: its cluster, state, generation, each step with timestamps,
 * reasons, outputs, and when it expires ({@code expiresAt}; null: never).
 *
 * @param cluster the cluster it lives on: its stored spec's {@code spec.cluster} (named at submit), or the
 *                orchestrator's default cluster for an environment stored before clusters existed
 * @param traceId  the trace of the current generation's saga (docs/operations.md, "Tracing"); null when untraced
 * @param traceUrl that trace in the trace viewer ({@code envsaga.orchestrator.tracing.url-template}); null without one
 */
public record EnvironmentView(String name, String cluster, String phase, long generation, String sagaId, long lastGoodGeneration,
                              boolean restoring, List<StepReason> reasons, Map<String, StepView> steps, Instant createdAt,
                              Instant updatedAt, String url, Environment spec, Instant expiresAt, String traceId, String traceUrl) {

    public record StepView(String status, String reason, String progress, Map<String, String> outputs, Instant startedAt,
                           Instant updatedAt, Instant deadline) {
        static StepView of(StepState s) {
            return new StepView(s.status().name().toLowerCase(), s.reason(), s.progress(), s.outputs(), s.startedAt(), s.updatedAt(),
                    s.deadline());
        }
    }

    /**
     * @param placement where the environment lives (the orchestrator's clusters)
     * @param traces    where its trace is shown
     */
    public static EnvironmentView of(SagaState state, Placement placement, TraceLinks traces) {
        Map<String, StepView> steps = new LinkedHashMap<>();
        for (Step step : Step.values()) {
            StepState s = state.steps().get(step);
            if (s != null) {
                steps.put(step.id(), StepView.of(s));
            }
        }
        return new EnvironmentView(state.name(), placement.clusterOf(state.spec().spec()), state.phase().name().toLowerCase(), state.generation(), state.sagaId(),
                state.lastGoodGeneration(), state.restoring(), state.reasons(), steps, state.createdAt(), state.updatedAt(),
                "/api/v1/environments/" + state.name(), state.spec(), null, state.traceId(), traces.urlOf(state.traceId()));
    }

    /** The same, with when it expires (docs/orchestrator.md, "Expiry"; null: never). */
    public EnvironmentView expiring(Instant at) {
        return new EnvironmentView(name, cluster, phase, generation, sagaId, lastGoodGeneration, restoring, reasons, steps, createdAt, updatedAt, url,
                spec, at, traceId, traceUrl);
    }
}
