package io.envsaga.kubernetes.names;

/**
 * The names by which one step finds what another makes (docs/conventions.md): the step that makes
 * an object and the step that refers to it both take its name from here, so they cannot disagree.
 * {@code env} is the environment's name.
 */
public final class ConnectionNames {

    public static final int RABBITMQ_PORT = 5672;
    public static final int RABBITMQ_MANAGEMENT_PORT = 15672;
    public static final int REDIS_PORT = 6379;
    public static final int POSTGRES_PORT = 5432;
    public static final int MINIO_PORT = 80;

    private ConnectionNames() {
    }

    /** The RabbitmqCluster, and so (the cluster operator names it after the cluster) its Service. */
    public static String rabbitmqCluster(String env) {
        return env + "-rabbitmq";
    }

    /** The Service in front of the RabbitmqCluster (same name as the cluster). */
    public static String rabbitmqService(String env) {
        return rabbitmqCluster(env);
    }

    /** The cluster operator's Secret of the default user, keys {@code username}, {@code password}. */
    public static String rabbitmqDefaultUserSecret(String env) {
        return rabbitmqCluster(env) + "-default-user";
    }

    /** The topology operator's User object of the messaging user {@code user} (a workload's name). */
    public static String rabbitmqUser(String env, String user) {
        return rabbitmqCluster(env) + "-" + user;
    }

    /** The Secret the topology operator makes for a User: {@code <User name>-user-credentials}, keys {@code username}, {@code password}. */
    public static String rabbitmqUserSecret(String env, String user) {
        return rabbitmqUser(env, user) + "-user-credentials";
    }

    /** The Redis object, and so (the Opstree operator names it after the object) its Service. */
    public static String redis(String env) {
        return env + "-redis";
    }

    /** The Secret of the cache's password, key {@code password}, should the cache have one. */
    public static String redisAuthSecret(String env) {
        return env + "-redis-auth";
    }

    /** PostgreSQL's Service (stage and preview). */
    public static String postgres(String env) {
        return env + "-postgres";
    }

    /** PostgreSQL's credentials, keys {@code username}, {@code password}. */
    public static String postgresCredentialsSecret(String env) {
        return env + "-postgres-credentials";
    }

    /** The MinIO Tenant. */
    public static String minioTenant(String env) {
        return env + "-minio";
    }

    /** The MinIO operator's S3 Service of a tenant (without operator TLS): always {@code minio}, port {@link #MINIO_PORT}. */
    public static String minioService() {
        return "minio";
    }

    /** The workloads' access key to MinIO, keys {@code accessKey}, {@code secretKey}. */
    public static String minioCredentialsSecret(String env) {
        return env + "-minio-credentials";
    }
}
