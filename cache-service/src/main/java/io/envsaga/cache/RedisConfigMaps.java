package io.envsaga.cache;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.kubernetes.names.ConnectionNames;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;

/**
 * The operator's additional-config mechanism: a ConfigMap named in
 * {@code spec.redisConfig.additionalRedisConfig}, mounted at {@code /etc/redis/external.conf.d/}
 * and included last by the image's generated redis.conf (key {@code redis-additional.conf}).
 */
public final class RedisConfigMaps {

    public static final String KEY = "redis-additional.conf";

    private RedisConfigMaps() {
    }

    public static String name(Environment environment) {
        return ConnectionNames.redis(environment.name()) + "-config";
    }

    public static ConfigMap desired(Environment environment) {
        return new ConfigMapBuilder().withNewMetadata().withName(name(environment)).endMetadata()
                .addToData(KEY, RedisSettings.of(environment.spec().cache()).configFile()).build();
    }
}
