package io.envsaga.kubernetes;

import java.util.List;

/**
 * Where and for whom a step applies its objects.
 *
 * @param environment the environment's name ({@code envsaga.io/environment})
 * @param namespace   the environment's namespace
 * @param step        the step's id ({@code envsaga.io/step}): a step prunes and releases only its own objects
 * @param generation  the generation being applied or released
 * @param kinds       every kind the step ever makes, in release order (the first is deleted first);
 *                    objects of these kinds that an earlier generation made and the spec no longer
 *                    has are pruned
 * @param namespacePolicy whether the step only makes sure the namespace exists, or also deletes it on release
 * @param podSecurity the Pod Security Admission level ({@code baseline}, {@code privileged}) the namespace must enforce, kept
 *                    up to date on a namespace envsaga made; null: the step runs no pods of its own choosing, and a namespace
 *                    it creates enforces {@code baseline} (the workloads step decides the level)
 */
public record Target(String environment, String namespace, String step, long generation, List<ManagedKind> kinds,
                     NamespacePolicy namespacePolicy, String podSecurity) {

    /** The Pod Security Admission level of every namespace envsaga makes, unless a granted privileged workload runs in it. */
    public static final String BASELINE = "baseline";
    public static final String PRIVILEGED = "privileged";

    public Target(String environment, String namespace, String step, long generation, List<ManagedKind> kinds,
                  NamespacePolicy namespacePolicy) {
        this(environment, namespace, step, generation, kinds, namespacePolicy, null);
    }

    public enum NamespacePolicy {
        /** Create the namespace if absent (labelled as envsaga's); never delete it. */
        ENSURE,
        /** As ENSURE, and on release delete it if envsaga created it and it keeps no volume claims. */
        ENSURE_AND_RELEASE
    }

    public Target {
        kinds = List.copyOf(kinds);
    }
}
