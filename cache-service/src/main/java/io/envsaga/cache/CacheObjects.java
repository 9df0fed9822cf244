package io.envsaga.cache;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.kubernetes.Desired;
import io.envsaga.kubernetes.ManagedKind;
import io.envsaga.kubernetes.PodFailures;
import io.envsaga.kubernetes.ReadinessRules;
import io.envsaga.kubernetes.Target;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.List;

/** Everything the cache step wants for a spec, and in which order it is released. */
public final class CacheObjects {

    public static final String STEP = "cache";

    /** Release order: the Redis first (the operator's pod stops using the rest), then its config, then its password. */
    public static final List<ManagedKind> KINDS = List.of(Redises.REDIS, ManagedKind.of(ConfigMap.class), ManagedKind.of(Secret.class));

    private CacheObjects() {
    }

    /**
     * Two groups, the second applied once the first is: the password Secret (with
     * {@code spec.cache.auth}; created once, never rewritten) and the config, then the Redis,
     * ready when the operator's pod is. Nothing for a spec without a cache.
     *
     * @param password the password of a Secret not created yet; ignored without auth
     */
    public static List<List<Desired>> desired(Environment environment, CacheProperties properties, PodFailures failures, String password) {
        if (environment.spec().cache() == null) {
            return List.of();
        }
        List<Desired> inputs = new ArrayList<>();
        if (environment.spec().cache().auth()) {
            inputs.add(Desired.createOnly(RedisAuthSecrets.desired(environment, password)));
        }
        inputs.add(Desired.of(RedisConfigMaps.desired(environment), ReadinessRules.applied()));
        return List.of(inputs, List.of(Desired.custom(Redises.REDIS, Redises.desired(environment, properties), new RedisReadiness(failures))));
    }

    public static Target target(Environment environment, long generation) {
        return new Target(environment.name(), environment.namespace(), STEP, generation, KINDS);
    }
}
