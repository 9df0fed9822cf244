package io.envsaga.kubernetes.names;

/** The names of docs/conventions.md, from one place (issue 8 owns this class; the cache's part). */
public final class ConnectionNames {

    public static final int REDIS_PORT = 6379;

    private ConnectionNames() {
    }

    public static String redis(String environment) {
        return environment + "-redis";
    }

    public static String redisAuthSecret(String environment) {
        return environment + "-redis-auth";
    }
}
