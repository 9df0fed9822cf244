package io.envsaga.simulation.operators;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The redis.conf the Opstree image generates for a standalone Redis
 * (internal/agent/bootstrap/redis/config.go): its defaults; with a password (the
 * {@code REDIS_PASSWORD} the operator takes from {@code kubernetesConfig.redisSecret})
 * {@code masterauth}, {@code requirepass} and protected mode; no persistence without storage;
 * and last, the additional config file of the ConfigMap ({@code redis-additional.conf}).
 */
final class RedisConfig {

    static final String ADDITIONAL_CONFIG_KEY = "redis-additional.conf";

    /** A Secret or ConfigMap the pod needs and that is not there (yet): the pod waits, as in a cluster. */
    static final class Missing extends Exception {
        private final String reason;

        Missing(String reason, String message) {
            super(message);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }

    private RedisConfig() {
    }

    static String of(KubernetesClient client, GenericKubernetesResource redis) throws Missing {
        String namespace = redis.getMetadata().getNamespace();
        StringBuilder config = new StringBuilder("tcp-backlog 511\ntimeout 0\ntcp-keepalive 60\ndaemonize no\nsupervised no\n");
        Map<String, Object> secretRef = map(map(spec(redis), "kubernetesConfig"), "redisSecret");
        if (secretRef != null) {
            String name = String.valueOf(secretRef.get("name"));
            String key = String.valueOf(secretRef.get("key"));
            Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
            if (secret == null) {
                throw new Missing("CreateContainerConfigError", "secret \"" + name + "\" not found");
            }
            String encoded = secret.getData() == null ? null : secret.getData().get(key);
            if (encoded == null) {
                throw new Missing("CreateContainerConfigError", "couldn't find key " + key + " in Secret " + namespace + "/" + name);
            }
            String password = quoted(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
            config.append("masterauth ").append(password).append("\nrequirepass ").append(password).append("\nprotected-mode yes\n");
        } else {
            config.append("protected-mode no\n");
        }
        Object additional = map(spec(redis), "redisConfig") == null ? null : map(spec(redis), "redisConfig").get("additionalRedisConfig");
        if (additional != null) {
            ConfigMap configMap = client.configMaps().inNamespace(namespace).withName(String.valueOf(additional)).get();
            if (configMap == null) {
                // the volume cannot be mounted: the pod stays in ContainerCreating
                throw new Missing("ContainerCreating", "configmap \"" + additional + "\" not found");
            }
            String file = configMap.getData() == null ? null : configMap.getData().get(ADDITIONAL_CONFIG_KEY);
            if (file != null) {
                config.append(file).append('\n');
            }
        }
        return config.toString();
    }

    static String image(GenericKubernetesResource redis) {
        Map<String, Object> kubernetesConfig = map(spec(redis), "kubernetesConfig");
        return kubernetesConfig == null ? null : String.valueOf(kubernetesConfig.get("image"));
    }

    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static Map<String, Object> spec(GenericKubernetesResource redis) {
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) redis.getAdditionalProperties().get("spec");
        return spec;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        return parent != null && parent.get(key) instanceof Map<?, ?> child ? (Map<String, Object>) child : null;
    }
}
