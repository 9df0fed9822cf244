package io.envsaga.cache;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.kubernetes.names.ConnectionNames;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The cache's password Secret {@code <env>-redis-auth} (key {@code password}), created once and
 * never rewritten: the Redis reads it through {@code kubernetesConfig.redisSecret}, workloads
 * through {@code REDIS_PASSWORD}.
 */
public final class RedisAuthSecrets {

    public static final String KEY = "password";
    private static final SecureRandom RANDOM = new SecureRandom();

    private RedisAuthSecrets() {
    }

    /** Pure apart from the password it is given. */
    public static Secret desired(Environment environment, String password) {
        return new SecretBuilder().withNewMetadata().withName(ConnectionNames.redisAuthSecret(environment.name())).endMetadata()
                .withType("Opaque")
                .addToData(KEY, Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8))).build();
    }

    /** 256 random bits, URL-safe (the conventions put passwords into URLs through $(VAR) expansion). */
    public static String generatePassword() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The password a Secret holds, or null when it has none. */
    public static String password(Secret secret) {
        String encoded = secret == null || secret.getData() == null ? null : secret.getData().get(KEY);
        return encoded == null ? null : new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    }
}
