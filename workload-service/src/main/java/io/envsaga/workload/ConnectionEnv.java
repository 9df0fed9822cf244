package io.envsaga.workload;

import io.envsaga.contracts.spec.Dependency;
import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.MessagingSpec;
import io.envsaga.contracts.spec.Workload;
import io.envsaga.kubernetes.names.ConnectionNames;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.envsaga.kubernetes.names.ConnectionNames.MINIO_PORT;
import static io.envsaga.kubernetes.names.ConnectionNames.POSTGRES_PORT;
import static io.envsaga.kubernetes.names.ConnectionNames.RABBITMQ_PORT;
import static io.envsaga.kubernetes.names.ConnectionNames.REDIS_PORT;

/**
 * The connection settings a workload gets for what it {@code uses:}, as environment variables
 * that point at the Services and Secrets the operators and the other steps make, by the naming
 * convention of docs/conventions.md. Credentials are {@code secretKeyRef}s: no secret value is
 * ever part of a rendered object. URLs embed them through Kubernetes' {@code $(VAR)} expansion,
 * done by the kubelet.
 */
public final class ConnectionEnv {

    private ConnectionEnv() {
    }

    /** The variables for every dependency the workload uses, in the order of its {@code uses:}. */
    public static List<EnvVar> of(Environment environment, Workload workload) {
        List<EnvVar> vars = new ArrayList<>();
        for (Dependency dependency : workload.uses()) {
            vars.addAll(of(environment, workload, dependency));
        }
        return vars;
    }

    static List<EnvVar> of(Environment environment, Workload workload, Dependency dependency) {
        String env = environment.name();
        return switch (dependency) {
            case RABBITMQ -> {
                String host = ConnectionNames.rabbitmqService(env);
                String vhost = environment.spec().messaging() == null ? "/" : environment.spec().messaging().vhost();
                String secret = rabbitmqSecret(environment, workload);
                yield List.of(secret("RABBITMQ_USERNAME", secret, "username"), secret("RABBITMQ_PASSWORD", secret, "password"),
                        plain("RABBITMQ_HOST", host), plain("RABBITMQ_PORT", Integer.toString(RABBITMQ_PORT)),
                        plain("RABBITMQ_VHOST", vhost),
                        plain("RABBITMQ_URL", "amqp://$(RABBITMQ_USERNAME):$(RABBITMQ_PASSWORD)@" + host + ":" + RABBITMQ_PORT + "/"
                                + URLEncoder.encode(vhost, StandardCharsets.UTF_8)));
            }
            case REDIS -> redis(environment);
            case POSTGRES -> {
                String host = ConnectionNames.postgres(env);
                String secret = ConnectionNames.postgresCredentialsSecret(env);
                List<String> databases = environment.spec().storage() == null || environment.spec().storage().postgres() == null
                        ? List.of() : environment.spec().storage().postgres().databases();
                String database = databases.isEmpty() ? "postgres" : databases.get(0);
                yield List.of(secret("POSTGRES_USER", secret, "username"), secret("POSTGRES_PASSWORD", secret, "password"),
                        plain("POSTGRES_HOST", host), plain("POSTGRES_PORT", Integer.toString(POSTGRES_PORT)),
                        plain("POSTGRES_DB", database),
                        plain("DATABASE_URL", "postgresql://$(POSTGRES_USER):$(POSTGRES_PASSWORD)@" + host + ":" + POSTGRES_PORT + "/" + database));
            }
            case MINIO -> {
                String secret = ConnectionNames.minioCredentialsSecret(env);
                List<String> buckets = environment.spec().storage() == null || environment.spec().storage().minio() == null
                        ? List.of() : environment.spec().storage().minio().buckets();
                yield List.of(secret("MINIO_ACCESS_KEY", secret, "accessKey"), secret("MINIO_SECRET_KEY", secret, "secretKey"),
                        plain("MINIO_ENDPOINT", "http://" + ConnectionNames.minioService() + ":" + MINIO_PORT), plain("MINIO_BUCKETS", String.join(",", buckets)));
            }
        };
    }

    /** With {@code spec.cache.auth}, the password of the cache's Secret, before the URL that expands it. */
    private static List<EnvVar> redis(Environment environment) {
        String host = ConnectionNames.redis(environment.name());
        List<EnvVar> vars = new ArrayList<>(List.of(plain("REDIS_HOST", host), plain("REDIS_PORT", Integer.toString(REDIS_PORT))));
        boolean auth = environment.spec().cache() != null && environment.spec().cache().auth();
        if (auth) {
            vars.add(secret("REDIS_PASSWORD", ConnectionNames.redisAuthSecret(environment.name()), "password"));
        }
        // Redis' one user is "default" (Redis 6 ACLs); its password is the Secret's
        vars.add(plain("REDIS_URL", "redis://" + (auth ? "default:$(REDIS_PASSWORD)@" : "") + host + ":" + REDIS_PORT));
        return vars;
    }

    /**
     * The workload's own messaging user's Secret when the spec has a user of its name (the
     * topology operator's {@code <User name>-user-credentials}, the User being named
     * {@code <env>-rabbitmq-<user>}), else the cluster's default user.
     */
    static String rabbitmqSecret(Environment environment, Workload workload) {
        MessagingSpec messaging = environment.spec().messaging();
        boolean ownUser = messaging != null && messaging.users().stream().anyMatch(u -> workload.name().equals(u.name()));
        return ownUser ? ConnectionNames.rabbitmqUserSecret(environment.name(), workload.name())
                : ConnectionNames.rabbitmqDefaultUserSecret(environment.name());
    }

    private static EnvVar plain(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    private static EnvVar secret(String name, String secret, String key) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef().withName(secret).withKey(key)
                .endSecretKeyRef().endValueFrom().build();
    }
}
