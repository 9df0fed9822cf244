package io.envsaga.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The objects as envsaga sends them: a copy of a desired object with envsaga's labels
 * (docs/conventions.md) and the target's namespace, and the namespace itself. Pure functions;
 * the golden files of every step are made from them.
 */
final class Stamping {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Stamping() {
    }

    static HasMetadata stamp(Target target, Desired desired) {
        HasMetadata copy = SERIALIZATION.clone(desired.object());
        Map<String, String> labels = new LinkedHashMap<>();
        if (copy.getMetadata().getLabels() != null) {
            labels.putAll(copy.getMetadata().getLabels());
        }
        labels.putAll(Labels.of(target.environment(), target.step(), target.generation()));
        if (desired.createOnly()) {
            labels.put(Labels.CREATE_ONLY, "true");
        }
        copy.getMetadata().setLabels(labels);
        copy.getMetadata().setNamespace(target.namespace());
        copy.getMetadata().setResourceVersion(null);
        if (copy instanceof StatefulSet set && set.getSpec() != null && set.getSpec().getVolumeClaimTemplates() != null) {
            // claims carry the step's labels (never the generation: claim templates cannot change) so release finds them
            for (PersistentVolumeClaim template : set.getSpec().getVolumeClaimTemplates()) {
                Map<String, String> claimLabels = new LinkedHashMap<>();
                if (template.getMetadata().getLabels() != null) {
                    claimLabels.putAll(template.getMetadata().getLabels());
                }
                claimLabels.putAll(Labels.selector(target.environment(), target.step()));
                template.getMetadata().setLabels(claimLabels);
            }
        }
        return copy;
    }

    /**
     * The environment's namespace as a step creates it: envsaga's labels (not the step's: the steps share it), the step as
     * its first holder, released by its last holder, and its Pod Security level.
     */
    static Namespace namespace(Target target) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.MANAGED_BY, Labels.MANAGER);
        labels.put(Labels.ENVIRONMENT, target.environment());
        labels.put(Labels.GENERATION, Long.toString(target.generation()));
        labels.put(Labels.holder(target.step()), "true");
        labels.put(Labels.RELEASED_BY, Labels.LAST_HOLDER);
        labels.put(Labels.POD_SECURITY_ENFORCE, target.podSecurity() != null ? target.podSecurity() : Target.BASELINE);
        return new NamespaceBuilder().withNewMetadata().withName(target.namespace()).withLabels(labels).endMetadata().build();
    }
}
