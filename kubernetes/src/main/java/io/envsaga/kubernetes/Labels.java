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
