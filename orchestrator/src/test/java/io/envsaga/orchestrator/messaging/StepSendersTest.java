package io.envsaga.orchestrator.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envsaga.contracts.events.Step;
import io.envsaga.orchestrator.cluster.ClusterProperties;
import io.envsaga.orchestrator.cluster.ClusterProperties.Cluster;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whose answers count, per cluster (docs/clusters.md, configuration.md "Clusters"). */
class StepSendersTest {

    @Test
    void anInstallationOfOneClusterIsConfiguredAsBefore() {
        ClusterProperties one = new ClusterProperties(null, null);

        Map<String, Map<Step, String>> users = new StepSenders(Map.of("dns", "envsaga-dns"))
                .resolve("envsaga-orchestrator", one.clusters(), one.defaultCluster());

        assertThat(users).containsOnlyKeys("default");
        assertThat(users.get("default")).containsEntry(Step.DNS, "envsaga-dns").containsEntry(Step.CACHE, "envsaga-orchestrator");
    }

    @Test
    void eachClusterHasItsOwnUsersAndTheTopLevelOnesServeTheDefaultClusterOnly() {
        ClusterProperties codedang = new ClusterProperties(List.of(
                new Cluster("stage", null, Map.of("workloads", "workloads-stage")),
                new Cluster("production", null, Map.of("dns", "dns-production"))), "stage");

        Map<String, Map<Step, String>> users = new StepSenders(Map.of("dns", "envsaga-dns", "workloads", "envsaga-workloads"))
                .resolve("envsaga-orchestrator", codedang.clusters(), codedang.defaultCluster());

        assertThat(users.get("stage")).containsEntry(Step.WORKLOADS, "workloads-stage").containsEntry(Step.DNS, "envsaga-dns")
                .containsEntry(Step.CACHE, "envsaga-orchestrator");
        assertThat(users.get("production")).containsEntry(Step.DNS, "dns-production")
                .as("a forgotten setting fails closed, never another cluster's user").containsEntry(Step.WORKLOADS, "envsaga-orchestrator");
    }

    @Test
    void anUnknownStepOrAClusterNamedDlqIsAConfigurationError() {
        assertThatThrownBy(() -> new Cluster("stage", null, Map.of("dsn", "x"))).hasMessageContaining("dsn");
        assertThatThrownBy(() -> new ClusterProperties(List.of(new Cluster("dlq", null)), null)).hasMessageContaining("dlq");
    }
}
