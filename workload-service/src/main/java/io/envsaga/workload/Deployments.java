package io.envsaga.workload;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.Workload;
import io.envsaga.kubernetes.Labels;
import io.envsaga.participant.StepFailure;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A workload's Deployment: a pure function of the spec. */
public final class Deployments {

    public static final String PORT_NAME = "http";
    public static final String NAME_LABEL = "app.kubernetes.io/name";

    private Deployments() {
    }

    /** What selects a workload's pods: its name and the environment's (stable across generations: a selector cannot change). */
    public static Map<String, String> selector(Environment environment, Workload workload) {
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put(NAME_LABEL, workload.name());
        selector.put(Labels.ENVIRONMENT, environment.name());
        return selector;
    }

    /**
     * @param index the workload's index in {@code spec.workloads}, for error messages
     * @throws StepFailure for a spec this cannot render, naming the field
     */
    public static Deployment desired(Environment environment, Workload workload, int index, WorkloadProperties properties) {
        String at = "spec.workloads[" + index + "]";
        Map<String, String> podLabels = new LinkedHashMap<>(selector(environment, workload));
        podLabels.put(Labels.MANAGED_BY, Labels.MANAGER);
        ContainerBuilder container = new ContainerBuilder().withName(workload.name()).withImage(workload.image())
                .withEnv(env(environment, workload, at))
                .withResources(resources(workload, properties.defaults(), at))
                .withSecurityContext(containerSecurity(workload));
        if (workload.port() != null) {
            container.addNewPort().withName(PORT_NAME).withContainerPort(workload.port()).withProtocol("TCP").endPort();
        }
        if (workload.probes() != null) {
            container.withReadinessProbe(probe(workload, workload.probes().readiness(), at + ".probes.readiness"));
            container.withLivenessProbe(probe(workload, workload.probes().liveness(), at + ".probes.liveness"));
        }
        Container built = container.build();
        return new DeploymentBuilder()
                .withNewMetadata().withName(workload.name()).addToLabels(NAME_LABEL, workload.name()).endMetadata()
                .withNewSpec()
                .withReplicas(workload.replicas())
                .withRevisionHistoryLimit(3)
                .withNewSelector().withMatchLabels(selector(environment, workload)).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(podLabels).endMetadata()
                .withNewSpec()
                .withAutomountServiceAccountToken(false)
                .withSecurityContext(podSecurity(workload))
                .withContainers(built)
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    private static List<EnvVar> env(Environment environment, Workload workload, String at) {
        List<EnvVar> injected = ConnectionEnv.of(environment, workload);
        List<EnvVar> vars = new ArrayList<>();
        for (Map.Entry<String, String> entry : new TreeMap<>(workload.env()).entrySet()) {
            if (injected.stream().anyMatch(v -> v.getName().equals(entry.getKey()))) {
                throw new StepFailure(at + ".env." + entry.getKey() + ": set by uses: " + workload.uses().stream()
                        .map(d -> d.name().toLowerCase()).toList() + " (docs/conventions.md); remove it from env");
            }
            vars.add(new EnvVarBuilder().withName(entry.getKey()).withValue(entry.getValue()).build());
        }
        vars.addAll(injected);
        return vars;
    }

    private static ResourceRequirements resources(Workload workload, WorkloadProperties.Defaults defaults, String at) {
        Workload.Quantities requests = workload.resources() == null ? null : workload.resources().requests();
        Workload.Quantities limits = workload.resources() == null ? null : workload.resources().limits();
        String cpuRequest = pick(requests == null ? null : requests.cpu(), defaults.cpuRequest());
        String memoryRequest = pick(requests == null ? null : requests.memory(), defaults.memoryRequest());
        String cpuLimit = limit(limits == null ? null : limits.cpu(), cpuRequest, defaults.cpuLimit(), at + ".resources.limits.cpu");
        String memoryLimit = limit(limits == null ? null : limits.memory(), memoryRequest, defaults.memoryLimit(), at + ".resources.limits.memory");
        Map<String, Quantity> req = new LinkedHashMap<>();
        req.put("cpu", new Quantity(cpuRequest));
        req.put("memory", new Quantity(memoryRequest));
        Map<String, Quantity> lim = new LinkedHashMap<>();
        lim.put("cpu", new Quantity(cpuLimit));
        lim.put("memory", new Quantity(memoryLimit));
        return new ResourceRequirementsBuilder().withRequests(req).withLimits(lim).build();
    }

    private static String pick(String given, String fallback) {
        return given != null ? given : fallback;
    }

    /** The given limit (refused when below the request), else the default raised to the request. */
    private static String limit(String given, String request, String fallback, String at) {
        if (given != null) {
            if (amount(given).compareTo(amount(request)) < 0) {
                throw new StepFailure(at + ": " + given + " is below the request " + request);
            }
            return given;
        }
        return amount(fallback).compareTo(amount(request)) < 0 ? request : fallback;
    }

    private static java.math.BigDecimal amount(String quantity) {
        return Quantity.getAmountInBytes(new Quantity(quantity));
    }

    private static Probe probe(Workload workload, Workload.HttpProbe probe, String at) {
        if (probe == null) {
            return null;
        }
        IntOrString port;
        if (probe.port() != null) {
            port = new IntOrString(probe.port());
        } else if (workload.port() != null) {
            port = new IntOrString(PORT_NAME);
        } else {
            throw new StepFailure(at + ".port: required, the workload has no port");
        }
        return new ProbeBuilder().withNewHttpGet().withPath(probe.path()).withPort(port).endHttpGet()
                .withInitialDelaySeconds(probe.initialDelaySeconds()).build();
    }

    /** Restrictive unless the workload opts out with {@code privileged: true}. */
    private static PodSecurityContext podSecurity(Workload workload) {
        if (workload.privileged()) {
            return null;
        }
        return new PodSecurityContextBuilder().withRunAsNonRoot(true).withNewSeccompProfile().withType("RuntimeDefault")
                .endSeccompProfile().build();
    }

    private static SecurityContext containerSecurity(Workload workload) {
        if (workload.privileged()) {
            return new SecurityContextBuilder().withPrivileged(true).build();
        }
        return new SecurityContextBuilder().withAllowPrivilegeEscalation(false).withPrivileged(false)
                .withNewCapabilities().withDrop("ALL").endCapabilities().build();
    }
}
