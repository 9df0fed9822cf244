package io.envsaga.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.events.Step;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One envsaga drives both of Codedang's clusters (docs/clusters.md, issue 27), and deploy/ has an
 * overlay per cluster (docs/operations.md, "Topology"): each overlay's step services take their
 * cluster's commands ({@code envsaga.participant.cluster}) and log in to the bus as their cluster's
 * broker user of that step; production runs no storage step; the orchestrator and the bus run in
 * one cluster only, and the orchestrator's clusters are exactly the overlays, with the steps and the
 * step users the overlays run.
 */
class ClusterOverlaysTest {

    /** Each step service's step. */
    static final Map<String, Step> STEPS = Map.of("dns-service", Step.DNS, "workload-service", Step.WORKLOADS,
            "messaging-service", Step.MESSAGING, "cache-service", Step.CACHE, "storage-service", Step.STORAGE);

    private static final Map<String, List<Map<String, Object>>> objects = new HashMap<>();

    @BeforeAll
    static void render() throws Exception {
        for (String cluster : Manifests.overlays()) {
            objects.put(cluster, Manifests.objects(cluster));
        }
    }

    /** The overlay's step services, by step. */
    static Map<Step, Map<String, Object>> stepServices(String cluster) {
        return stepServices(objects.get(cluster));
    }

    static Map<Step, Map<String, Object>> stepServices(List<Map<String, Object>> rendered) {
        Map<Step, Map<String, Object>> services = new TreeMap<>();
        for (Map<String, Object> deployment : Manifests.ofKind(rendered, "Deployment")) {
            Step step = STEPS.get(Manifests.name(deployment));
            if (step != null) {
                services.put(step, deployment);
            }
        }
        return services;
    }

    /** Each overlay's broker users of its step services. */
    static Map<String, Set<String>> brokerUsersByCluster() throws Exception {
        Map<String, Set<String>> users = new TreeMap<>();
        for (String cluster : Manifests.overlays()) {
            users.put(cluster, stepServices(Manifests.objects(cluster)).values().stream().map(ClusterOverlaysTest::brokerUser)
                    .collect(Collectors.toCollection(TreeSet::new)));
        }
        return users;
    }

    /** The broker user a Deployment logs in as. */
    static String brokerUser(Map<String, Object> deployment) {
        return (String) Manifests.env(deployment, "SPRING_RABBITMQ_USERNAME").get("value");
    }

    @Test
    void thereIsAnOverlayPerClusterOfCodedang() throws Exception {
        assertThat(Manifests.overlays()).containsExactly("production", "stage");
    }

    @ParameterizedTest
    @MethodSource("io.envsaga.deploy.Manifests#overlays")
    void eachStepServiceTakesItsClustersCommandsAsItsClustersBrokerUserOfItsStep(String cluster) {
        Map<String, Object> config = Manifests.applicationYaml(objects.get(cluster), "envsaga-config");
        assertThat(Manifests.map(config, "envsaga", "participant").get("cluster")).as("envsaga.participant.cluster of " + cluster)
                .isEqualTo(cluster);
        Set<String> definedUsers = ClusterBrokerUsersTest.users();
        stepServices(cluster).forEach((step, deployment) -> {
            String service = Manifests.name(deployment);
            assertThat(brokerUser(deployment)).as(service + "'s broker user in " + cluster).isEqualTo("envsaga-" + step.id() + "-" + cluster)
                    .isIn(definedUsers);
            assertThat(Manifests.map(Manifests.env(deployment, "SPRING_RABBITMQ_PASSWORD"), "valueFrom", "secretKeyRef"))
                    .containsEntry("name", "envsaga-bus-" + service).containsEntry("key", "password");
            // the cluster's configuration, mounted where SPRING_CONFIG_ADDITIONAL_LOCATION points
            Map<String, Object> pod = Manifests.map(deployment, "spec", "template", "spec");
            assertThat(Manifests.list(pod, "volumes")).as(service).anySatisfy(v -> assertThat(Manifests.map(v, "configMap"))
                    .containsEntry("name", "envsaga-config"));
            assertThat(Manifests.env(deployment, "SPRING_CONFIG_ADDITIONAL_LOCATION").get("value")).isEqualTo("optional:file:/config/");
        });
        // dns-service points the A records at its own cluster's nodes, read with its in-cluster credentials
        assertThat(Manifests.map(config, "envsaga", "dns", "nodes").get("from-cluster")).isEqualTo(true);
        assertThat(Manifests.map(stepServices(cluster).get(Step.DNS), "spec", "template", "spec").get("automountServiceAccountToken"))
                .isEqualTo(true);
    }

    @Test
    void productionRunsNoStorageStepAndStageRunsEveryStep() {
        assertThat(stepServices("production").keySet()).containsExactly(Step.DNS, Step.WORKLOADS, Step.MESSAGING, Step.CACHE);
        assertThat(Manifests.ofKind(objects.get("production"), "ServiceAccount")).extracting(Manifests::name).doesNotContain("storage-service");
        assertThat(Manifests.ofKind(objects.get("production"), "ClusterRole")).extracting(Manifests::name)
                .doesNotContain("envsaga-storage-service");
        assertThat(stepServices("stage").keySet()).containsExactly(Step.values());
    }

    @Test
    void theOrchestratorAndTheBusRunInProductionOnly() {
        objects.forEach((cluster, rendered) -> {
            boolean home = cluster.equals("production");
            assertThat(Manifests.deployment(rendered, "orchestrator") != null).as("the orchestrator in " + cluster).isEqualTo(home);
            assertThat(Manifests.ofKind(rendered, "RabbitmqCluster")).as("the bus in " + cluster).hasSize(home ? 1 : 0);
        });
    }

    @Test
    void theOrchestratorDrivesEveryClusterWithTheStepsAndStepUsersItsOverlayRuns() {
        Map<String, Object> orchestrator = Manifests.map(Manifests.applicationYaml(objects.get("production"), "envsaga-orchestrator-config"),
                "envsaga", "orchestrator");
        Map<String, Set<String>> stepsConfigured = new TreeMap<>();
        Map<String, Map<String, Object>> usersConfigured = new TreeMap<>();
        for (Object entry : Manifests.list(orchestrator, "clusters")) {
            Map<String, Object> cluster = Manifests.map(entry);
            List<Object> steps = Manifests.list(cluster, "steps");
            stepsConfigured.put((String) cluster.get("name"), steps.isEmpty()
                    ? java.util.Arrays.stream(Step.values()).map(Step::id).collect(Collectors.toCollection(TreeSet::new))
                    : steps.stream().map(String::valueOf).collect(Collectors.toCollection(TreeSet::new)));
            usersConfigured.put((String) cluster.get("name"), Manifests.map(cluster, "step-users"));
        }
        Map<String, Set<String>> stepsRun = new TreeMap<>();
        Map<String, Map<String, Object>> usersRun = new TreeMap<>();
        for (String cluster : objects.keySet()) {
            stepsRun.put(cluster, stepServices(cluster).keySet().stream().map(Step::id).collect(Collectors.toCollection(TreeSet::new)));
            Map<String, Object> users = new TreeMap<>();
            stepServices(cluster).forEach((step, deployment) -> users.put(step.id(), brokerUser(deployment)));
            usersRun.put(cluster, users);
        }

        assertThat(stepsConfigured).as("envsaga.orchestrator.clusters[].steps against the overlays' step services").isEqualTo(stepsRun);
        assertThat(new TreeMap<>(usersConfigured)).as("envsaga.orchestrator.clusters[].step-users against the overlays' broker users")
                .isEqualTo(usersRun);
        assertThat(orchestrator.get("default-cluster")).as("a spec or grant naming no cluster means stage").isEqualTo("stage");
        assertThat(orchestrator).as("no default cluster: no envsaga.orchestrator.step-users").doesNotContainKey("step-users");
    }

    @Test
    void theStepServicesOfAClusterWithoutTheBusReachItOverTlsOnly() {
        objects.forEach((cluster, rendered) -> {
            Map<String, Object> rabbit = Manifests.map(Manifests.applicationYaml(rendered, "envsaga-config"), "spring", "rabbitmq");
            if (!Manifests.ofKind(rendered, "RabbitmqCluster").isEmpty()) {
                assertThat(rabbit).as(cluster + "'s step services use the bus's Service in their cluster").isEmpty();
                stepServices(cluster).values().forEach(d -> assertThat(Manifests.env(d, "SPRING_RABBITMQ_HOST").get("value"))
                        .isEqualTo("envsaga-bus"));
                return;
            }
            List<String> addresses = new ArrayList<>();
            Manifests.list(rabbit, "addresses").forEach(a -> addresses.add((String) a));
            assertThat(addresses).as(cluster + "'s bus addresses").isNotEmpty().allMatch(a -> a.startsWith("amqps://") && a.endsWith(":30671"));
            assertThat(Manifests.map(rabbit, "ssl")).containsEntry("enabled", true).containsEntry("bundle", "envsaga-bus");
            stepServices(cluster).values().forEach(d -> assertThat(Manifests.list(d, "spec", "template", "spec", "volumes"))
                    .anySatisfy(v -> assertThat(Manifests.map(v, "secret")).containsEntry("secretName", "envsaga-bus-ca")));
        });
        Map<String, Object> amqps = Manifests.ofKind(objects.get("production"), "Service").stream()
                .filter(s -> "envsaga-bus-amqps".equals(Manifests.name(s))).findFirst().orElseThrow();
        assertThat(Manifests.list(amqps, "spec", "ports")).singleElement()
                .satisfies(p -> assertThat(Manifests.map(p)).containsEntry("port", 5671).containsEntry("nodePort", 30671));
        assertThat(Manifests.map(Manifests.ofKind(objects.get("production"), "RabbitmqCluster").get(0), "spec", "tls"))
                .containsEntry("secretName", "envsaga-bus-tls");
    }
}
