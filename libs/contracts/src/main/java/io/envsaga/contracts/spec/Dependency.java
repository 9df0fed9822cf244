package io.envsaga.contracts.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Something a workload connects to; its connection settings are injected by convention (docs/conventions.md). */
public enum Dependency {
    @JsonProperty("rabbitmq") RABBITMQ("RABBITMQ_USERNAME", "RABBITMQ_PASSWORD", "RABBITMQ_HOST", "RABBITMQ_PORT", "RABBITMQ_VHOST",
            "RABBITMQ_URL"),
    @JsonProperty("redis") REDIS("REDIS_HOST", "REDIS_PORT", "REDIS_URL"),
    @JsonProperty("postgres") POSTGRES("POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_HOST", "POSTGRES_PORT", "POSTGRES_DB",
            "DATABASE_URL"),
    @JsonProperty("minio") MINIO("MINIO_ACCESS_KEY", "MINIO_SECRET_KEY", "MINIO_ENDPOINT", "MINIO_BUCKETS");

    private final List<String> variables;

    Dependency(String... variables) {
        this.variables = List.of(variables);
    }

    /** The environment variables {@code uses:} sets for it; a workload's {@code env} must not set them too. */
    public List<String> variables() {
        return variables;
    }
}
