package io.envsaga.testsupport.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The mock API server stores objects, and the controllers do what the cluster's would. */
class KubernetesTestClusterTest {

    @RegisterExtension
    static final KubernetesTestCluster cluster = new KubernetesTestCluster();

    @Test
    void completeRolloutMakesADeploymentAvailable() {
        KubernetesClient client = cluster.client();
        client.apps().deployments().inNamespace("rollout").resource(deployment("api", 3)).create();

        cluster.controllers().completeRollout("rollout", "api");

        Deployment stored = client.apps().deployments().inNamespace("rollout").withName("api").get();
        assertThat(stored.getStatus().getAvailableReplicas()).isEqualTo(3);
        assertThat(stored.getStatus().getUpdatedReplicas()).isEqualTo(3);
        assertThat(stored.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Available");
            assertThat(c.getStatus()).isEqualTo("True");
        });
    }

    @Test
    void autoCompleteRolloutsFollowsNewDeployments() throws Exception {
        KubernetesClient client = cluster.client();
        try (AutoCloseable controller = cluster.controllers().autoCompleteRollouts("auto")) {
            client.apps().deployments().inNamespace("auto").resource(deployment("web", 2)).create();

            Awaitility.await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> assertThat(
                    client.apps().deployments().inNamespace("auto").withName("web").get().getStatus())
                    .isNotNull().satisfies(s -> assertThat(s.getAvailableReplicas()).isEqualTo(2)));
        }
    }

    @Test
    void failPodReportsTheKubeletsReason() {
        KubernetesClient client = cluster.client();
        client.apps().deployments().inNamespace("failing").resource(deployment("api", 1)).create();

        cluster.controllers().failPod("failing", "api", "ImagePullBackOff", "Back-off pulling image \"ghcr.io/x/api:bad\"");

        Pod pod = client.pods().inNamespace("failing").withLabel("app", "api").list().getItems().get(0);
        assertThat(pod.getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason()).isEqualTo("ImagePullBackOff");
    }

    private static Deployment deployment(String name, int replicas) {
        return new DeploymentBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName(name).withImage("ghcr.io/x/" + name + ":1").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }
}
