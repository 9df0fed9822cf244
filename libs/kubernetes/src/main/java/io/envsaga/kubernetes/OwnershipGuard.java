package io.envsaga.kubernetes;

import io.envsaga.participant.StepFailure;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an apply may touch: lists each managed kind once, and refuses, before anything is
 * written, an object of a desired name that envsaga did not make for this environment and step,
 * or that a newer generation stamped. envsaga never forces onto an object it does not own.
 */
final class OwnershipGuard {

    private final KubernetesClient client;

    OwnershipGuard(KubernetesClient client) {
        this.client = client;
    }

    /** The objects of each of the target's kinds in its namespace, by name; a desired kind the cluster does not serve fails the step. */
    Map<ManagedKind, Map<String, HasMetadata>> listManaged(Target target, List<Desired> desired) {
        Map<ManagedKind, Map<String, HasMetadata>> existing = new LinkedHashMap<>();
        for (ManagedKind kind : target.kinds()) {
            Map<String, HasMetadata> byName = new HashMap<>();
            try {
                for (HasMetadata item : kind.operations(client).inNamespace(target.namespace()).list().getItems()) {
                    byName.put(item.getMetadata().getName(), item);
                }
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
                if (desired.stream().anyMatch(d -> d.kind().equals(kind))) {
                    throw notServed(kind);
                }
            }
            existing.put(kind, byName);
        }
        return existing;
    }

    static StepFailure notServed(ManagedKind kind) {
        return new StepFailure("the cluster does not serve " + kind + ": is its CustomResourceDefinition installed?");
    }

    /** Fails the step naming every desired object that is in the way: foreign, or stamped by a newer generation. */
    static void refuseForeignAndNewer(Target target, List<Desired> desired, Map<ManagedKind, Map<String, HasMetadata>> existing) {
        List<String> problems = new ArrayList<>();
        for (Desired d : desired) {
            HasMetadata current = existing.get(d.kind()).get(d.name());
            if (current == null) {
                continue;
            }
            Map<String, String> labels = labels(current);
            String where = d.kind().kind() + " " + target.namespace() + "/" + d.name();
            if (!ours(labels, target)) {
                String owner = Labels.MANAGER.equals(labels.get(Labels.MANAGED_BY)) && labels.get(Labels.ENVIRONMENT) != null
                        ? "it belongs to environment " + labels.get(Labels.ENVIRONMENT) + " (step " + labels.get(Labels.STEP) + ")"
                        : "it was not made by envsaga";
                problems.add(where + " already exists and " + owner + "; left untouched: rename the workload or remove that object");
                continue;
            }
            long generation = Labels.generationOf(labels);
            if (!d.createOnly() && generation > target.generation()) {
                problems.add(where + " carries generation " + generation + ", newer than generation " + target.generation()
                        + ": an older generation is never applied over a newer one");
            }
        }
        if (!problems.isEmpty()) {
            throw new StepFailure(String.join("; ", problems));
        }
    }

    /** Made by envsaga for this environment and step. */
    static boolean ours(Map<String, String> labels, Target target) {
        return Labels.MANAGER.equals(labels.get(Labels.MANAGED_BY)) && target.environment().equals(labels.get(Labels.ENVIRONMENT))
                && target.step().equals(labels.get(Labels.STEP));
    }

    static Map<String, String> labels(HasMetadata object) {
        return object.getMetadata().getLabels() == null ? Map.of() : object.getMetadata().getLabels();
    }
}
