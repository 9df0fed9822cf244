package io.envsaga.contracts.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/** Stage and preview storage: one PostgreSQL pod and a one-pod MinIO Tenant. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StorageSpec(@Valid Postgres postgres, @Valid Minio minio) {

    public record Postgres(
            @Pattern(regexp = Patterns.QUANTITY, message = "not a valid quantity such as 5Gi") String size,
            List<@NotNull(message = "must not be null") @Pattern(regexp = Patterns.DATABASE_NAME, message = "not a valid database name") String> databases,
            @JsonPropertyDescription("Keep the PVC when the environment is deleted; default true")
            Boolean retainOnDelete) {
        public Postgres {
            size = size == null ? "5Gi" : size;
            databases = databases == null ? List.of() : databases;
            retainOnDelete = retainOnDelete == null || retainOnDelete;
        }
    }

    public record Minio(
            @Pattern(regexp = Patterns.QUANTITY, message = "not a valid quantity such as 10Gi") String size,
            List<@NotNull(message = "must not be null") @Pattern(regexp = Patterns.BUCKET_NAME, message = "not a valid bucket name") String> buckets,
            @JsonPropertyDescription("Keep the PVC when the environment is deleted; default true")
            Boolean retainOnDelete) {
        public Minio {
            size = size == null ? "10Gi" : size;
            buckets = buckets == null ? List.of() : buckets;
            retainOnDelete = retainOnDelete == null || retainOnDelete;
        }
    }
}
