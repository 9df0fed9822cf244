package io.envsaga.kubernetes;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels envsaga puts on every object it makes, and by which it recognises its own: an
 * object without them is never changed or deleted.
 */
public final class Labels {

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "envsaga";
    public static final String ENVIRONMENT = "envsaga.io/environment";
    public static final String GENERATION = "envsaga.io/generation";
    /** Which step made the object, so that one step never prunes or releases another's objects. */
    public static final String STEP = "envsaga.io/step";
    /** On a {@link Desired#createOnly} object: never updated or pruned, kept by {@link Retention#KEEP_CREATE_ONLY}. */
    public static final String CREATE_ONLY = "envsaga.io/create-only";
    /** Pod Security Admission: the level the namespace enforces. */
    public static final String POD_SECURITY_ENFORCE = "pod-security.kubernetes.io/enforce";
    /**
     * On the namespace, one per step that has (or may have) objects in it: {@code holder.envsaga.io/<step>=true}. A step
     * adds its own before it writes anything there and removes it once its release left nothing of it there.
     */
    public static final String HOLDER_PREFIX = "holder.envsaga.io/";
    /**
     * On a namespace envsaga made since holders exist: its last holder deletes it. A namespace without it was made
     * before; only the workloads step deletes that one, as it did then.
     */
    public static final String RELEASED_BY = "envsaga.io/released-by";
    public static final String LAST_HOLDER = "last-holder";

    private Labels() {
    }

    /** What selects the objects one step made for one environment, whatever their generation. */
    public static Map<String, String> selector(String environment, String step) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY, MANAGER);
        labels.put(ENVIRONMENT, environment);
        labels.put(STEP, step);
        return labels;
    }

    /** The labels of an object one step made for one generation of an environment. */
    public static Map<String, String> of(String environment, String step, long generation) {
        Map<String, String> labels = selector(environment, step);
        labels.put(GENERATION, Long.toString(generation));
        return labels;
    }

    /** The label by which a step holds the namespace. */
    public static String holder(String step) {
        return HOLDER_PREFIX + step;
    }

    /** The steps holding a namespace with these labels, sorted. */
    public static java.util.List<String> holders(Map<String, String> labels) {
        return labels == null ? java.util.List.of() : labels.keySet().stream().filter(key -> key.startsWith(HOLDER_PREFIX))
                .map(key -> key.substring(HOLDER_PREFIX.length())).sorted().toList();
    }

    /** Whether a namespace with these labels is envsaga's, made for this environment. */
    public static boolean environmentsNamespace(Map<String, String> labels, String environment) {
        return labels != null && MANAGER.equals(labels.get(MANAGED_BY)) && environment.equals(labels.get(ENVIRONMENT));
    }

    /** Whether an object was made create-only. */
    public static boolean createOnly(Map<String, String> labels) {
        return labels != null && "true".equals(labels.get(CREATE_ONLY));
    }

    /** The generation an object was stamped with, or -1 when it has none (or an unreadable one). */
    public static long generationOf(Map<String, String> labels) {
        String value = labels == null ? null : labels.get(GENERATION);
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
