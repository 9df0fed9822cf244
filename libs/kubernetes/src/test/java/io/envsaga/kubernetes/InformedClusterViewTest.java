package io.envsaga.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.envsaga.testsupport.kubernetes.KubernetesTestCluster;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class InformedClusterViewTest {

    @RegisterExtension
    static final KubernetesTestCluster cluster = new KubernetesTestCluster();

    /**
     * CI run 20 (2026-12-07): the RabbitmqCluster's informer showed the operator's status of
     * generation 2 while the StatefulSet informer still held generation 1, rolled out: the step
     * was Ready before the rollout. A StatefulSet is read from the API server, not the cache.
     */
    @Test
    void aStatefulSetIsReadAsTheApiServerHasItNotAsALaggingCacheHasIt() {
        KubernetesClient client = cluster.client();
        client.apps().statefulSets().inNamespace("lag").resource(set("rabbitmq:4.1.4-management")).create();
        SharedIndexInformer<StatefulSet> sets = client.apps().statefulSets().inNamespace("lag").inform();
        try {
            await().atMost(Duration.ofMinutes(1)).until(() -> sets.getStore().getByKey("lag/mq-server") != null);
            sets.stop(); // a cache that has not seen the update below yet
            client.apps().statefulSets().inNamespace("lag").withName("mq-server")
                    .edit(s -> new StatefulSetBuilder(s).editSpec().editTemplate().editSpec().editFirstContainer()
                            .withImage("rabbitmq:4.2.0-management").endContainer().endSpec().endTemplate().endSpec().build());

            InformedClusterView view = new InformedClusterView(client, "lag", null, sets);

            assertThat(sets.getStore().getByKey("lag/mq-server").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                    .as("the cache lags").isEqualTo("rabbitmq:4.1.4-management");
            assertThat(view.statefulSet("mq-server")).hasValueSatisfying(s -> {
                assertThat(s.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("rabbitmq:4.2.0-management");
                assertThat(s.getMetadata().getGeneration()).isEqualTo(2L);
            });
            assertThat(view.statefulSet("absent")).isEmpty();
        } finally {
            sets.close();
        }
    }

    private static StatefulSet set(String image) {
        return new StatefulSetBuilder().withNewMetadata().withName("mq-server").withNamespace("lag").endMetadata()
                .withNewSpec().withReplicas(1).withServiceName("mq-nodes").withNewSelector().addToMatchLabels("app", "mq").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "mq").endMetadata().withNewSpec().addNewContainer().withName("rabbitmq")
                .withImage(image).endContainer().endSpec().endTemplate().endSpec().build();
    }
}
