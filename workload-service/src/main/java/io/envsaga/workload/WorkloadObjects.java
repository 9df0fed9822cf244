package io.envsaga.workload;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.Workload;
import io.envsaga.kubernetes.Desired;
import io.envsaga.kubernetes.ManagedKind;
import io.envsaga.kubernetes.PodFailures;
import io.envsaga.kubernetes.ReadinessRules;
import io.envsaga.kubernetes.Target;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;

/** Everything the workload step wants for a spec, and in which order it is released. */
public final class WorkloadObjects {

    public static final String STEP = "workloads";

    /** Every kind the step makes, in release order: traffic first, then Services, then Deployments. */
    public static final List<ManagedKind> KINDS = List.of(Ingresses.INGRESS, Ingresses.INGRESS_ROUTE, Ingresses.HTTP_ROUTE,
            Ingresses.CERTIFICATE, ManagedKind.of(Service.class), ManagedKind.of(Deployment.class));

    private WorkloadObjects() {
    }

    /** Deployments (ready when rolled out), Services, then the ingress objects (ready once applied). */
    public static List<Desired> desired(Environment environment, WorkloadProperties properties, PodFailures failures) {
        List<Desired> desired = new ArrayList<>();
        List<Workload> workloads = environment.spec().workloads();
        for (int i = 0; i < workloads.size(); i++) {
            desired.add(Desired.of(Deployments.desired(environment, workloads.get(i), i, properties), ReadinessRules.rollout(failures)));
        }
        for (Workload workload : workloads) {
            if (workload.port() != null) {
                desired.add(Desired.of(Services.desired(environment, workload), ReadinessRules.applied()));
            }
        }
        desired.addAll(Ingresses.desired(environment, properties));
        return desired;
    }

    public static Target target(Environment environment, long generation) {
        // privileged only where a privileged workload runs: the orchestrator let it through only with the privileged right
        String podSecurity = environment.spec().workloads().stream().anyMatch(w -> w.privileged()) ? Target.PRIVILEGED : Target.BASELINE;
        return new Target(environment.name(), environment.namespace(), STEP, generation, KINDS, podSecurity);
    }
}
