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

    /** The PostgreSQL image Codedang runs. */
    public static final String DEFAULT_POSTGRES_IMAGE = "postgres:18.4-alpine";

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Postgres(
            @Pattern(regexp = Patterns.QUANTITY, message = "not a valid quantity such as 5Gi") String size,
            @Pattern(regexp = Patterns.RFC1123_SUBDOMAIN, message = "not a valid storage class name")
            @JsonPropertyDescription("StorageClass of the volume; default: the cluster's default class")
            String storageClass,
            @Pattern(regexp = Patterns.IMAGE_REFERENCE, message = "not a valid image reference")
            @JsonPropertyDescription("PostgreSQL image; default " + DEFAULT_POSTGRES_IMAGE)
            String image,
            @JsonPropertyDescription("Databases to create, each owned by a role of its name")
            List<@NotNull(message = "must not be null") @Pattern(regexp = Patterns.DATABASE_NAME, message = "not a valid database name") String> databases,
            @JsonPropertyDescription("Keep the volume and the credentials when the environment is deleted; default true")
            Boolean retainOnDelete) {
        public Postgres {
            size = size == null ? "5Gi" : size;
            image = image == null ? DEFAULT_POSTGRES_IMAGE : image;
            databases = databases == null ? List.of() : databases;
            retainOnDelete = retainOnDelete == null || retainOnDelete;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Minio(
            @Pattern(regexp = Patterns.QUANTITY, message = "not a valid quantity such as 10Gi") String size,
            @Pattern(regexp = Patterns.RFC1123_SUBDOMAIN, message = "not a valid storage class name")
            @JsonPropertyDescription("StorageClass of the volume; default: the cluster's default class")
            String storageClass,
            List<@NotNull(message = "must not be null") @Pattern(regexp = Patterns.BUCKET_NAME, message = "not a valid bucket name") String> buckets,
            @JsonPropertyDescription("Keep the volume and the credentials when the environment is deleted; default true")
            Boolean retainOnDelete) {
        public Minio {
            size = size == null ? "10Gi" : size;
            buckets = buckets == null ? List.of() : buckets;
            retainOnDelete = retainOnDelete == null || retainOnDelete;
        }
    }
}
