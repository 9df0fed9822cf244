package io.envsaga.messaging;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code envsaga.messaging.*}: the RabbitmqCluster's defaults (a spec without them gets these).
 *
 * @param productionReplicas replicas of a production cluster (stage and preview: 1)
 * @param storage            persistent volume size of each replica
 * @param cpuRequest         requests and limits of each replica
 */
@ConfigurationProperties("envsaga.messaging")
public record MessagingProperties(Integer productionReplicas, String storage, String cpuRequest, String memoryRequest, String cpuLimit,
                                  String memoryLimit) {

    public MessagingProperties {
        productionReplicas = productionReplicas == null ? 3 : productionReplicas;
        storage = storage == null ? "10Gi" : storage;
        cpuRequest = cpuRequest == null ? "250m" : cpuRequest;
        memoryRequest = memoryRequest == null ? "512Mi" : memoryRequest;
        cpuLimit = cpuLimit == null ? "1" : cpuLimit;
        memoryLimit = memoryLimit == null ? "1Gi" : memoryLimit;
    }

    public static MessagingProperties standard() {
        return new MessagingProperties(null, null, null, null, null, null);
    }
}
