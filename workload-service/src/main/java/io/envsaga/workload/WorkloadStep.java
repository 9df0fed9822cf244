package io.envsaga.workload;

import io.envsaga.contracts.events.Step;
import io.envsaga.contracts.spec.Environment;
import io.envsaga.kubernetes.EnvironmentApplier;
import io.envsaga.kubernetes.KubernetesSettings;
import io.envsaga.participant.StepContext;
import io.envsaga.participant.StepHandler;
import io.envsaga.participant.StepResult;
import java.util.LinkedHashMap;
import java.util.Map;

/** The workloads step: the environment's Deployments, Services and ingress, rolled out. */
public class WorkloadStep implements StepHandler {

    private final EnvironmentApplier applier;
    private final WorkloadProperties properties;
    private final KubernetesSettings settings;

    public WorkloadStep(EnvironmentApplier applier, WorkloadProperties properties, KubernetesSettings settings) {
        this.applier = applier;
        this.properties = properties;
        this.settings = settings;
    }

    @Override
    public Step step() {
        return Step.WORKLOADS;
    }

    @Override
    public StepResult apply(StepContext context) throws InterruptedException {
        Environment environment = context.environment();
        EnvironmentApplier.Applied applied = applier.apply(WorkloadObjects.target(environment, context.generation()),
                WorkloadObjects.desired(environment, properties, settings.podFailures()), context::progress);
        if (environment.spec().workloads().isEmpty()) {
            return StepResult.skip(); // nothing to run (anything an earlier generation ran is pruned)
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("namespace", environment.namespace());
        outputs.put("services", String.join(",", environment.spec().workloads().stream().filter(w -> w.port() != null)
                .map(w -> w.name()).toList()));
        if (environment.spec().ingress() != null) {
            outputs.put("url", (environment.spec().ingress().tls() != null ? "https://" : "http://") + environment.spec().ingress().host());
        }
        if (!applied.pruned().isEmpty()) {
            outputs.put("pruned", String.join(",", applied.pruned()));
        }
        return StepResult.done(outputs);
    }

    @Override
    public void release(StepContext context) throws InterruptedException {
        long upTo = context.releaseUpTo();
        applier.release(WorkloadObjects.target(context.environment(), context.generation()), upTo);
    }
}
