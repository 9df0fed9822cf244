package io.envsaga.simulation.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * envsaga's CRD (deploy/crds/) is served by the simulated cluster: an Environment object from
 * examples/gitops/ is stored and read back, its status written through the status subresource, and
 * an undeclared field refused as a real API server refuses it under server-side apply.
 */
class EnvironmentResourceTest {

    private static final SimulatedCluster cluster = new SimulatedCluster();

    @BeforeAll
    static void start() {
        cluster.start();
    }

    @AfterAll
    static void stop() {
        cluster.stop();
    }

    @Test
    void anEnvironmentObjectIsStoredAndReadBackWithItsStatus() throws IOException {
        GenericKubernetesResource stage = example("codedang-stage.yaml");
        environments().resource(stage).create();

        GenericKubernetesResource stored = environments().withName("codedang-stage").get();
        assertThat(stored.getAdditionalProperties().get("spec")).isEqualTo(stage.getAdditionalProperties().get("spec"));

        stored.getAdditionalProperties().put("status", Map.of("phase", "Applying", "observedGeneration", 1,
                "conditions", List.of(Map.of("type", "Ready", "status", "False", "reason", "Applying", "message", "",
                        "lastTransitionTime", "2026-12-08T00:00:00Z"))));
        environments().resource(stored).updateStatus();

        GenericKubernetesResource withStatus = environments().withName("codedang-stage").get();
        assertThat(withStatus.getAdditionalProperties().get("status")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("phase", "Applying");
        assertThat(withStatus.getAdditionalProperties().get("spec")).isEqualTo(stage.getAdditionalProperties().get("spec"));
        assertThat(withStatus.getMetadata().getGeneration()).as("a status write is no new generation").isEqualTo(1L);
    }

    @Test
    void aChangeOfTheSpecIsANewGeneration() throws IOException {
        GenericKubernetesResource stage = example("codedang-stage.yaml");
        stage.getMetadata().setName("codedang-stage-2");
        GenericKubernetesResource created = environments().resource(stage).create();
        assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);

        @SuppressWarnings("unchecked")
        Map<String, Object> dns = (Map<String, Object>) ((Map<String, Object>) created.getAdditionalProperties().get("spec")).get("dns");
        dns.put("ttl", 600);
        GenericKubernetesResource updated = environments().resource(created).update();

        assertThat(updated.getMetadata().getGeneration()).isEqualTo(2L);
    }

    @Test
    void anUndeclaredFieldIsRefusedOnServerSideApply() throws IOException {
        GenericKubernetesResource production = example("codedang-production.yaml");
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) production.getAdditionalProperties().get("spec");
        spec.put("replicas", 3);

        // the server answers 500 (as a real one does), which a client retries: this one does not
        try (KubernetesClient once = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(cluster.client().getConfiguration()).withRequestRetryBackoffLimit(0).build()).build()) {
            assertThatThrownBy(() -> once.genericKubernetesResources("envsaga.io/v1", "Environment").inNamespace("codedang-environments")
                    .resource(production).fieldManager("test").serverSideApply())
                    .isInstanceOf(KubernetesClientException.class).hasMessageContaining(".spec.replicas: field not declared in schema");
        }
    }

    private static NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> environments() {
        return cluster.client().genericKubernetesResources("envsaga.io/v1", "Environment").inNamespace("codedang-environments");
    }

    private static GenericKubernetesResource example(String file) throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(dir.resolve("examples/gitops"))) {
            dir = dir.getParent();
        }
        return Serialization.unmarshal(Files.readString(dir.resolve("examples/gitops").resolve(file)), GenericKubernetesResource.class);
    }
}
