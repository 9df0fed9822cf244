package io.envsaga.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code envsaga.storage.*}: what the storage step renders that the spec does not say.
 *
 * @param postgres resources of the PostgreSQL pod
 * @param minio    the MinIO image (none: the operator's default) and the pod's resources
 */
@ConfigurationProperties("envsaga.storage")
public record StorageProperties(Postgres postgres, Minio minio) {

    public StorageProperties {
        postgres = postgres == null ? new Postgres(null, null, null, null) : postgres;
        minio = minio == null ? new Minio(null, null, null, null, null) : minio;
    }

    public static StorageProperties standard() {
        return new StorageProperties(null, null);
    }

    public record Postgres(String cpuRequest, String memoryRequest, String cpuLimit, String memoryLimit) {
        public Postgres {
            cpuRequest = cpuRequest == null ? "250m" : cpuRequest;
            memoryRequest = memoryRequest == null ? "256Mi" : memoryRequest;
            cpuLimit = cpuLimit == null ? "1" : cpuLimit;
            memoryLimit = memoryLimit == null ? "1Gi" : memoryLimit;
        }
    }

    public record Minio(String image, String cpuRequest, String memoryRequest, String cpuLimit, String memoryLimit) {
        public Minio {
            cpuRequest = cpuRequest == null ? "250m" : cpuRequest;
            memoryRequest = memoryRequest == null ? "512Mi" : memoryRequest;
            cpuLimit = cpuLimit == null ? "1" : cpuLimit;
            memoryLimit = memoryLimit == null ? "1Gi" : memoryLimit;
        }
    }
}
