package io.envsaga.messaging;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.Tier;
import io.envsaga.kubernetes.ManagedKind;
import io.envsaga.kubernetes.names.ConnectionNames;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/** The environment's {@code RabbitmqCluster} (rabbitmq.com/v1beta1, the cluster operator's). */
public final class RabbitmqClusters {

    public static final ManagedKind KIND = ManagedKind.custom("rabbitmq.com", "v1beta1", "RabbitmqCluster", "rabbitmqclusters");

    private RabbitmqClusters() {
    }

    /** {@code <env>-rabbitmq}: 1 replica for stage and preview, the configured number (3) for production; persistent storage and resources. */
    public static GenericKubernetesResource desired(Environment environment, MessagingProperties properties) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("replicas", environment.spec().tier() == Tier.PRODUCTION ? properties.productionReplicas() : 1);
        spec.put("persistence", Map.of("storage", properties.storage()));
        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put("requests", Topology.ordered("cpu", properties.cpuRequest(), "memory", properties.memoryRequest()));
        resources.put("limits", Topology.ordered("cpu", properties.cpuLimit(), "memory", properties.memoryLimit()));
        spec.put("resources", resources);
        return new GenericKubernetesResourceBuilder().withApiVersion(KIND.apiVersion()).withKind(KIND.kind()).withNewMetadata()
                .withName(ConnectionNames.rabbitmqCluster(environment.name())).endMetadata().withAdditionalProperties(Map.of("spec", spec))
                .build();
    }
}
