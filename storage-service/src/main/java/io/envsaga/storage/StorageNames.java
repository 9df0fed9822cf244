package io.envsaga.storage;

/** The names of docs/conventions.md this step makes (until the shared ConnectionNames land). */
final class StorageNames {

    static final int POSTGRES_PORT = 5432;
    static final int MINIO_PORT = 80;

    private StorageNames() {
    }

    static String postgres(String env) {
        return env + "-postgres";
    }

    static String postgresCredentialsSecret(String env) {
        return env + "-postgres-credentials";
    }

    static String minioTenant(String env) {
        return env + "-minio";
    }

    static String minioService() {
        return "minio";
    }

    static String minioCredentialsSecret(String env) {
        return env + "-minio-credentials";
    }
}
