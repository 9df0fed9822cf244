package io.envsaga.cache;

import io.envsaga.contracts.spec.CacheSpec;
import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.Quantities;
import io.envsaga.contracts.spec.Workload;
import io.envsaga.kubernetes.ManagedKind;
import io.envsaga.kubernetes.names.ConnectionNames;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment's Opstree {@code Redis} (redis.redis.opstreelabs.in/v1beta2, the version the
 * operator serves), standalone: a pure function of the spec. The operator makes from it a
 * one-replica StatefulSet and the Services {@code <name>}, {@code <name>-headless} and
 * {@code <name>-additional}; without {@code storage} it runs Redis without persistence.
 */
public final class Redises {

    public static final ManagedKind REDIS = ManagedKind.custom("redis.redis.opstreelabs.in", "v1beta2", "Redis", "redis");
    /** Copied by the operator onto the pod template: a changed config restarts the pod, which reads the ConfigMap at start. */
    public static final String CONFIG_HASH_ANNOTATION = "envsaga.io/config-hash";
    /** The uid the Opstree image runs Redis as (the operator's examples use it too). */
    static final long REDIS_UID = 1000;

    private Redises() {
    }

    public static GenericKubernetesResource desired(Environment environment, CacheProperties properties) {
        CacheSpec cache = environment.spec().cache();
        String name = ConnectionNames.redis(environment.name());
        Map<String, Object> kubernetesConfig = map("image", cache.image() != null ? cache.image() : properties.image(),
                "imagePullPolicy", "IfNotPresent", "resources", resources(cache, properties));
        if (cache.auth()) {
            kubernetesConfig.put("redisSecret", map("name", ConnectionNames.redisAuthSecret(environment.name()), "key", RedisAuthSecrets.KEY));
        }
        Map<String, Object> spec = map("kubernetesConfig", kubernetesConfig,
                "redisConfig", map("additionalRedisConfig", RedisConfigMaps.name(environment)),
                "podSecurityContext", map("runAsUser", REDIS_UID, "runAsNonRoot", true, "fsGroup", REDIS_UID),
                "securityContext", map("allowPrivilegeEscalation", false, "capabilities", map("drop", java.util.List.of("ALL"))));
        return new GenericKubernetesResourceBuilder().withApiVersion(REDIS.apiVersion()).withKind(REDIS.kind())
                .withNewMetadata().withName(name)
                .addToAnnotations(CONFIG_HASH_ANNOTATION, RedisSettings.of(cache).configHash()).endMetadata()
                .withAdditionalProperties(map("spec", spec)).build();
    }

    /**
     * Requests and limits: the spec's, else a memory limit of maxmemory plus the configured
     * headroom (the submit-time rules refuse a limit at or below maxmemory), a memory request
     * equal to the limit (a cache evicted by the node loses everything), and the configured CPU.
     */
    static Map<String, Object> resources(CacheSpec cache, CacheProperties properties) {
        Workload.Quantities requests = cache.resources() == null ? null : cache.resources().requests();
        Workload.Quantities limits = cache.resources() == null ? null : cache.resources().limits();
        String memoryLimit = limits != null && limits.memory() != null ? limits.memory()
                : larger(RedisSettings.defaultMemoryLimit(cache, properties.memoryHeadroom()), requests == null ? null : requests.memory());
        String memoryRequest = requests != null && requests.memory() != null ? requests.memory() : memoryLimit;
        String cpuRequest = requests != null && requests.cpu() != null ? requests.cpu() : properties.cpuRequest();
        String cpuLimit = limits != null && limits.cpu() != null ? limits.cpu() : larger(properties.cpuLimit(), cpuRequest);
        return map("requests", map("cpu", cpuRequest, "memory", memoryRequest), "limits", map("cpu", cpuLimit, "memory", memoryLimit));
    }

    private static String larger(String quantity, String other) {
        return other != null && Quantities.value(other).compareTo(Quantities.value(quantity)) > 0 ? other : quantity;
    }

    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
