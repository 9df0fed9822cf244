package io.envsaga.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * One object a step wants in the cluster, as a pure function of the spec rendered it, and when
 * it counts as ready.
 *
 * @param createOnly created when absent and then never updated or pruned by a later generation
 *                   (a generated credential: rewriting it would change a password in use);
 *                   {@link EnvironmentApplier#release(Target, long, Retention)} keeps it under
 *                   {@link Retention#KEEP_CREATE_ONLY}
 */
public record Desired(ManagedKind kind, HasMetadata object, ReadinessRule readiness, boolean createOnly) {

    public Desired {
        if (!kind.matches(object)) {
            throw new IllegalArgumentException(object.getApiVersion() + " " + object.getKind() + " is not of kind " + kind);
        }
        if (object.getMetadata() == null || object.getMetadata().getName() == null) {
            throw new IllegalArgumentException("a desired " + kind.kind() + " has no name");
        }
    }

    public Desired(ManagedKind kind, HasMetadata object, ReadinessRule readiness) {
        this(kind, object, readiness, false);
    }

    /** A built-in or typed object, e.g. a Deployment. */
    public static Desired of(HasMetadata object, ReadinessRule readiness) {
        return new Desired(typed(object), object, readiness);
    }

    public static Desired custom(ManagedKind kind, GenericKubernetesResource object, ReadinessRule readiness) {
        return new Desired(kind, object, readiness);
    }

    /** A built-in object (e.g. a generated Secret) made once, ready when created. */
    public static Desired createOnly(HasMetadata object) {
        return new Desired(typed(object), object, ReadinessRules.applied(), true);
    }

    /** A custom resource made once, ready when created. */
    public static Desired createOnly(ManagedKind kind, GenericKubernetesResource object) {
        return new Desired(kind, object, ReadinessRules.applied(), true);
    }

    private static ManagedKind typed(HasMetadata object) {
        if (object instanceof GenericKubernetesResource) {
            throw new IllegalArgumentException("a custom resource needs its ManagedKind: use Desired.custom");
        }
        return ManagedKind.of(object.getClass());
    }

    public String name() {
        return object.getMetadata().getName();
    }

    /** "Deployment client-api", for messages. */
    public String describe() {
        return kind.kind() + " " + name();
    }
}
