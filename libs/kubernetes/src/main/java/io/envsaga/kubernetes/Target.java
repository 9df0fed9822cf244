package io.envsaga.kubernetes;

import java.util.List;

/**
 * Where and for whom a step applies its objects.
 *
 * <p>Every step shares the environment's namespace: an apply that makes something makes sure it
 * exists and holds it ({@link Labels#holder}); a release that leaves nothing of the step there lets
 * go of it, and the last holder deletes it (docs/kubernetes-library.md, "The namespace").
 *
 * @param environment the environment's name ({@code envsaga.io/environment})
 * @param namespace   the environment's namespace
 * @param step        the step's id ({@code envsaga.io/step}): a step prunes and releases only its own objects
 * @param generation  the generation being applied or released
 * @param kinds       every kind the step ever makes, in release order (the first is deleted first);
 *                    objects of these kinds that an earlier generation made and the spec no longer
 *                    has are pruned
 * @param podSecurity the Pod Security Admission level ({@code baseline}, {@code privileged}) the namespace must enforce, kept
 *                    up to date on a namespace envsaga made; null: the step runs no pods of its own choosing, and a namespace
 *                    it creates enforces {@code baseline}. The step that sets it (the workloads step) is also the one that
 *                    deletes a namespace made before holders existed, as it did then
 */
public record Target(String environment, String namespace, String step, long generation, List<ManagedKind> kinds, String podSecurity) {

    /** The Pod Security Admission level of every namespace envsaga makes, unless a granted privileged workload runs in it. */
    public static final String BASELINE = "baseline";
    public static final String PRIVILEGED = "privileged";

    /** A step that runs no pods of its own choosing (no Pod Security level to decide). */
    public Target(String environment, String namespace, String step, long generation, List<ManagedKind> kinds) {
        this(environment, namespace, step, generation, kinds, null);
    }

    public Target {
        kinds = List.copyOf(kinds);
    }
}
