package io.envsaga.orchestrator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envsaga.contracts.events.Step;
import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.EnvironmentValidator;
import io.envsaga.contracts.spec.InvalidSpecException;
import io.envsaga.contracts.spec.Violation;
import io.envsaga.orchestrator.cluster.ClusterProperties.Cluster;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClustersTest {

    // Codedang's two clusters: production keeps its databases outside the cluster, so it runs no storage step
    final Clusters codedang = new Clusters(new ClusterProperties(List.of(
            new Cluster("stage", null),
            new Cluster("production", Set.of(Step.DNS, Step.WORKLOADS, Step.MESSAGING, Step.CACHE))), "stage"));

    @Test
    void withoutConfigurationThereIsOneClusterWithEveryStep() {
        Clusters one = new Clusters(new ClusterProperties(null, null));

        Environment placed = one.place(spec("codedang-stage", null, "storage: { postgres: { databases: [codedang] } }"));

        assertThat(one.defaultCluster()).isEqualTo("default");
        assertThat(placed.spec().cluster()).isEqualTo("default");
    }

    @Test
    void aSpecWithoutAClusterIsPlacedOnTheDefaultOneAndSaysSo() {
        Environment placed = codedang.place(spec("codedang-pr-1", null, ""));

        assertThat(placed.spec().cluster()).isEqualTo("stage");
        assertThat(codedang.place(spec("codedang-prod", "production", "")).spec().cluster()).isEqualTo("production");
    }

    @Test
    void anUnknownClusterIsRefusedWithItsPathAndTheKnownOnes() {
        assertThatThrownBy(() -> codedang.place(spec("codedang-pr-1", "staging", "")))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.violations()).containsExactly(
                        new Violation("spec.cluster", "unknown cluster 'staging': this orchestrator knows stage, production")));
    }

    @Test
    void aPartWhoseStepTheClusterDoesNotRunIsRefusedAtItsPath() {
        assertThatThrownBy(() -> codedang.place(spec("codedang-prod", "production", "storage: { postgres: { databases: [codedang] } }")))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.violations()).containsExactly(
                        new Violation("spec.storage", "cluster 'production' runs no storage step (it runs dns, workloads, messaging, cache)")));
    }

    @Test
    void movingALiveEnvironmentToAnotherClusterIsRefusedAtSpecCluster() {
        Environment onStage = codedang.place(spec("codedang-pr-1", null, ""));
        Environment storedBeforeClusters = spec("codedang-pr-1", null, "");

        assertThat(codedang.move(onStage.spec(), codedang.place(spec("codedang-pr-1", "production", ""))))
                .hasValueSatisfying(v -> {
                    assertThat(v.path()).isEqualTo("spec.cluster");
                    assertThat(v.message()).isEqualTo("environment 'codedang-pr-1' lives on cluster 'stage'; it cannot move to 'production' "
                            + "in place: delete it, then submit it on 'production' (docs/clusters.md)");
                });
        assertThat(codedang.move(onStage.spec(), codedang.place(spec("codedang-pr-1", "stage", "")))).isEmpty();
        assertThat(codedang.move(storedBeforeClusters.spec(), codedang.place(spec("codedang-pr-1", null, ""))))
                .as("a generation stored before clusters were named lives on the default cluster").isEmpty();
    }

    @Test
    void clustersAreConfiguredOnceAndUnambiguously() {
        assertThatThrownBy(() -> new ClusterProperties(List.of(new Cluster("stage", null), new Cluster("production", null)), null))
                .hasMessageContaining("envsaga.orchestrator.default-cluster is required with more than one cluster");
        assertThatThrownBy(() -> new ClusterProperties(List.of(new Cluster("stage", null)), "production"))
                .hasMessage("envsaga.orchestrator.default-cluster 'production' is none of the clusters (stage)");
        assertThatThrownBy(() -> new ClusterProperties(List.of(new Cluster("stage", null), new Cluster("stage", null)), "stage"))
                .hasMessage("envsaga.orchestrator.clusters[1].name: 'stage' is named twice");
        assertThatThrownBy(() -> new ClusterProperties(List.of(new Cluster("Stage_1", null)), null))
                .hasMessage("envsaga.orchestrator.clusters[0].name must be an RFC 1123 label, got Stage_1");
    }

    static Environment spec(String name, String cluster, String parts) {
        return new EnvironmentValidator().validate("""
                apiVersion: envsaga.io/v1
                kind: Environment
                metadata: { name: %s }
                spec:
                  tier: stage
                %s  dns: { zone: codedang.com, hosts: [%s.codedang.com] }
                  %s
                """.formatted(name, cluster == null ? "" : "  cluster: " + cluster + "\n", name, parts)).orThrow();
    }
}
