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
     * The password Secret (with {@code spec.cache.auth}), the config, then the Redis, ready when
     * the operator's pod is; nothing for a spec without a cache.
     *
     * @param password the password of the Secret; ignored without auth
     */
    public static List<Desired> desired(Environment environment, CacheProperties properties, PodFailures failures, String password) {
        List<Desired> desired = new ArrayList<>();
        if (environment.spec().cache() == null) {
            return desired;
        }
        if (environment.spec().cache().auth()) {
            desired.add(Desired.of(RedisAuthSecrets.desired(environment, password), ReadinessRules.applied()));
        }
        desired.add(Desired.of(RedisConfigMaps.desired(environment), ReadinessRules.applied()));
        desired.add(Desired.custom(Redises.REDIS, Redises.desired(environment, properties), new RedisReadiness(failures)));
        return desired;
    }

    public static Target target(Environment environment, long generation) {
        return new Target(environment.name(), environment.namespace(), STEP, generation, KINDS, Target.NamespacePolicy.ENSURE);
    }
}
