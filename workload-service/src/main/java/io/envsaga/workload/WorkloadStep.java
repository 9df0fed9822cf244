package io.envsaga.workload;

import io.envsaga.contracts.events.Step;
import io.envsaga.contracts.spec.Environment;
import io.envsaga.kubernetes.Desired;
import io.envsaga.kubernetes.EnvironmentApplier;
import io.envsaga.kubernetes.KubernetesSettings;
import io.envsaga.kubernetes.KubernetesStep;
import io.envsaga.participant.StepContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The workloads step: the environment's Deployments, Services and ingress, rolled out. */
public class WorkloadStep extends KubernetesStep {

    private final WorkloadProperties properties;
    private final KubernetesSettings settings;

    public WorkloadStep(EnvironmentApplier applier, WorkloadProperties properties, KubernetesSettings settings) {
        super(applier, Step.WORKLOADS, WorkloadObjects::target);
        this.properties = properties;
        this.settings = settings;
    }

    /** One group: no object here needs another to be ready before it is applied. */
    @Override
    protected List<List<Desired>> desired(Environment environment) {
        return List.of(WorkloadObjects.desired(environment, properties, settings.podFailures()));
    }

    @Override
    protected Map<String, String> whenReady(StepContext context) {
        Environment environment = context.environment();
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("namespace", environment.namespace());
        outputs.put("services", String.join(",", environment.spec().workloads().stream().filter(w -> w.port() != null)
                .map(w -> w.name()).toList()));
        if (environment.spec().ingress() != null) {
            outputs.put("url", (environment.spec().ingress().tls() != null ? "https://" : "http://") + environment.spec().ingress().host());
        }
        return outputs;
    }
}
