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
 */
public record Target(String environment, String namespace, String step, long generation, List<ManagedKind> kinds,
                     NamespacePolicy namespacePolicy) {

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
