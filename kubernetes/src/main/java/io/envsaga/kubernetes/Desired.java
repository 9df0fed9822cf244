package io.envsaga.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * One object a step wants in the cluster, as a pure function of the spec rendered it, and when
 * it counts as ready.
 */
public record Desired(ManagedKind kind, HasMetadata object, ReadinessRule readiness) {

    public Desired {
        if (!kind.matches(object)) {
            throw new IllegalArgumentException(object.getApiVersion() + " " + object.getKind() + " is not of kind " + kind);
        }
        if (object.getMetadata() == null || object.getMetadata().getName() == null) {
            throw new IllegalArgumentException("a desired " + kind.kind() + " has no name");
        }
    }

    /** A built-in or typed object, e.g. a Deployment. */
    public static Desired of(HasMetadata object, ReadinessRule readiness) {
        if (object instanceof GenericKubernetesResource) {
            throw new IllegalArgumentException("a custom resource needs its ManagedKind: use Desired.custom");
        }
        return new Desired(ManagedKind.of(object.getClass()), object, readiness);
    }

    public static Desired custom(ManagedKind kind, GenericKubernetesResource object, ReadinessRule readiness) {
        return new Desired(kind, object, readiness);
    }

    public String name() {
        return object.getMetadata().getName();
    }

    /** "Deployment client-api", for messages. */
    public String describe() {
        return kind.kind() + " " + name();
    }
}
