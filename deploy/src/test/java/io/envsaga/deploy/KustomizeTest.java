package io.envsaga.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.testsupport.kubernetes.KubernetesTestCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each overlay builds with the real {@code kubectl kustomize}, applies to an API server with
 * server-side apply, and holds what operations rely on (docs/operations.md).
 */
class KustomizeTest {

    /** What each cluster's overlay runs: its step services, and in production the orchestrator (docs/operations.md, "Topology"). */
    private static final Map<String, List<String>> SERVICES = Map.of(
            "production", List.of("orchestrator", "dns-service", "workload-service", "messaging-service", "cache-service"),
            "stage", List.of("dns-service", "workload-service", "messaging-service", "cache-service", "storage-service"));

    @RegisterExtension
    static final KubernetesTestCluster cluster = new KubernetesTestCluster();

    @ParameterizedTest
    @MethodSource("io.envsaga.deploy.Manifests#overlays")
    void theOverlayBuildsAndAppliesWithServerSideApply(String overlay) throws Exception {
        List<Map<String, Object>> objects = Manifests.objects(overlay);

        for (Map<String, Object> object : objects) {
            GenericKubernetesResource resource = Serialization.jsonMapper().convertValue(object, GenericKubernetesResource.class);
            cluster.client().resource(resource).fieldManager("kustomize-test").forceConflicts().serverSideApply();
        }

        for (Map<String, Object> object : objects) {
            String apiVersion = (String) object.get("apiVersion");
            String namespace = (String) Manifests.map(object, "metadata").get("namespace");
            var stored = namespace == null
                    ? cluster.client().genericKubernetesResources(apiVersion, (String) object.get("kind")).withName(Manifests.name(object)).get()
                    : cluster.client().genericKubernetesResources(apiVersion, (String) object.get("kind")).inNamespace(namespace)
                            .withName(Manifests.name(object)).get();
            assertThat(stored).as(object.get("kind") + " " + Manifests.name(object)).isNotNull();
        }
    }

    @ParameterizedTest
    @MethodSource("io.envsaga.deploy.Manifests#overlays")
    void everyServiceRunsTwoReplicasWithItsOwnAccountProbesAndABudget(String overlay) throws Exception {
        List<Map<String, Object>> objects = Manifests.objects(overlay);
        List<Map<String, Object>> deployments = Manifests.ofKind(objects, "Deployment");
        assertThat(deployments).extracting(Manifests::name).containsExactlyInAnyOrderElementsOf(SERVICES.get(overlay));
        for (Map<String, Object> deployment : deployments) {
            String service = Manifests.name(deployment);
            Map<String, Object> pod = Manifests.map(deployment, "spec", "template", "spec");
            Map<String, Object> container = Manifests.map(Manifests.list(pod, "containers").get(0));
            assertThat(Manifests.map(deployment, "spec").get("replicas")).as(service).isEqualTo(2);
            assertThat(pod.get("serviceAccountName")).as(service).isEqualTo(service);
            assertThat((String) container.get("image")).as(service).startsWith("ghcr.io/envsaga/" + service + ":");
            assertThat(Manifests.map(container, "livenessProbe", "httpGet").get("path")).isEqualTo("/actuator/health/liveness");
            assertThat(Manifests.map(container, "readinessProbe", "httpGet").get("path")).isEqualTo("/actuator/health/readiness");
            assertThat(Manifests.map(container, "resources", "requests")).containsKeys("cpu", "memory");
            assertThat(Manifests.ofKind(objects, "ServiceAccount")).extracting(Manifests::name).contains(service);
            assertThat(Manifests.ofKind(objects, "PodDisruptionBudget")).anySatisfy(pdb -> assertThat(
                    Manifests.map(pdb, "spec", "selector", "matchLabels")).containsEntry("app.kubernetes.io/name", service));
            // readiness includes the broker (and the database for the orchestrator)
            List<Object> env = Manifests.list(container, "env");
            assertThat(env).anySatisfy(e -> {
                assertThat(Manifests.map(e).get("name")).isEqualTo("MANAGEMENT_ENDPOINT_HEALTH_GROUP_READINESS_INCLUDE");
                assertThat((String) Manifests.map(e).get("value")).contains("rabbit");
            });
            // no credential is written in the manifests: every secret value comes from a Secret
            assertThat(env).noneSatisfy(e -> assertThat((String) Manifests.map(e).get("name")).matches(".*(PASSWORD|TOKEN).*")
                    .satisfies(n -> assertThat(Manifests.map(e)).containsKey("value")));
        }
    }

    @ParameterizedTest
    @MethodSource("io.envsaga.deploy.Manifests#overlays")
    void onlyTheOrchestratorTakesTrafficFromOutside(String overlay) throws Exception {
        List<Map<String, Object>> policies = Manifests.ofKind(Manifests.objects(overlay), "NetworkPolicy");
        Map<String, Object> denyAll = policies.stream().filter(p -> Manifests.map(p, "spec", "podSelector").isEmpty()).findFirst().orElseThrow();
        assertThat(Manifests.list(denyAll, "spec", "policyTypes")).containsExactly("Ingress");
        assertThat(Manifests.list(denyAll, "spec", "ingress")).isEmpty();
        // every policy that admits traffic selects the orchestrator or the bus, never a step service
        for (Map<String, Object> policy : policies) {
            if (policy == denyAll) {
                continue;
            }
            assertThat(Manifests.map(policy, "spec", "podSelector", "matchLabels").get("app.kubernetes.io/name"))
                    .isIn("orchestrator", "envsaga-bus");
        }
    }

    @ParameterizedTest
    @MethodSource("io.envsaga.deploy.Manifests#overlays")
    void theBusIsARabbitmqClusterLoadingTheDefinitionsOfItsUsersInProductionOnly(String overlay) throws Exception {
        List<Map<String, Object>> buses = Manifests.ofKind(Manifests.objects(overlay), "RabbitmqCluster");
        if (overlay.equals("stage")) {
            assertThat(buses).as("stage's step services use production's bus").isEmpty();
            return;
        }
        Map<String, Object> bus = buses.get(0);
        assertThat(Manifests.map(bus, "spec").get("replicas")).isEqualTo(3);
        assertThat((String) Manifests.map(bus, "spec", "rabbitmq").get("additionalConfig")).contains("load_definitions");
    }
}
