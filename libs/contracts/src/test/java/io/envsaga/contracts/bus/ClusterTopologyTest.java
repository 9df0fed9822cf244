package io.envsaga.contracts.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventCodec;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Payloads;
import io.envsaga.contracts.events.Step;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Queue;
import org.junit.jupiter.api.Test;

/** Issue 27: the names and keys of each cluster, the cluster {@code default} as before clusters. */
class ClusterTopologyTest {

    static final BusTopology TOPOLOGY = BusTopology.defaults();

    @Test
    void aClustersStepQueueIsBoundToThatClustersCommandsOnly() {
        assertThat(TOPOLOGY.stepQueue(Step.DNS, "stage")).isEqualTo("envsaga.step.dns.stage");
        assertThat(TOPOLOGY.forStep(Step.DNS, "stage").getDeclarablesByType(Binding.class))
                .filteredOn(b -> b.getDestination().equals("envsaga.step.dns.stage")).extracting(Binding::getRoutingKey)
                .containsExactlyInAnyOrder("environment.requested.stage", "environment.rollback-requested.stage",
                        "environment.deletion-requested.stage");
        assertThat(TOPOLOGY.forStep(Step.DNS, "stage").getDeclarablesByType(Queue.class)).extracting(Queue::getName)
                .containsExactlyInAnyOrder("envsaga.step.dns.stage", "envsaga.step.dns.stage.dlq");
        assertThat(TOPOLOGY.executorLease(Step.DNS, "stage")).isEqualTo("envsaga.dns.executor-lease.stage");
    }

    @Test
    void theDefaultClusterKeepsTheNamesItHadBeforeClusters() {
        assertThat(TOPOLOGY.stepQueue(Step.DNS, "default")).isEqualTo("envsaga.step.dns").isEqualTo(TOPOLOGY.stepQueue(Step.DNS));
        assertThat(TOPOLOGY.forStep(Step.DNS).getDeclarables()).hasSameSizeAs(TOPOLOGY.forStep(Step.DNS, "default").getDeclarables());
        assertThat(TOPOLOGY.forStep(Step.DNS).getDeclarablesByType(Binding.class)).extracting(Binding::getRoutingKey)
                .contains("environment.requested");
        assertThat(TOPOLOGY.executorLease(Step.DNS)).isEqualTo("envsaga.dns.executor-lease");
    }

    @Test
    void aCommandsRoutingKeyCarriesItsClusterAndAnAnswersDoesNot() {
        Event<?> command = Event.of(EventType.ENVIRONMENT_REQUESTED, "/o", "codedang", "s", 1, null, null);
        Event<?> answer = Event.of(EventType.STEP_RELEASED, "/d", "codedang", "s", 1, Step.DNS, new Payloads.StepReleased(Step.DNS, null));

        assertThat(command.routingKey()).isEqualTo("environment.requested");
        assertThat(command.onCluster("default").routingKey()).isEqualTo("environment.requested");
        assertThat(command.onCluster("production").routingKey()).isEqualTo("environment.requested.production");
        assertThat(answer.onCluster("production").routingKey()).isEqualTo("step.dns.released");
        assertThat(EventCodec.fromMessage(EventCodec.toMessage(answer.onCluster("production"))).cluster()).isEqualTo("production");
        assertThat(EventCodec.fromMessage(EventCodec.toMessage(answer)).cluster()).isNull();
    }

    @Test
    void theWholeBusHasTheQueuesOfTheStepsEachClusterRuns() {
        List<String> queues = TOPOLOGY.all(Map.of("stage", EnumSet.allOf(Step.class), "production", EnumSet.of(Step.DNS)))
                .getDeclarablesByType(Queue.class).stream().map(Queue::getName).toList();

        assertThat(queues).contains("envsaga.step.storage.stage", "envsaga.step.dns.production")
                .doesNotContain("envsaga.step.storage.production", "envsaga.step.dns");
    }

    @Test
    void aClusterCannotBeNamedDlqOrAnythingButALabel() {
        assertThatThrownBy(() -> TOPOLOGY.stepQueue(Step.DNS, "dlq")).hasMessageContaining("dlq");
        assertThatThrownBy(() -> TOPOLOGY.stepQueue(Step.DNS, "#")).hasMessageContaining("RFC 1123");
        assertThatThrownBy(() -> Event.of(EventType.ENVIRONMENT_REQUESTED, "/o", "c", "s", 1, null, null).onCluster("a.b"))
                .hasMessageContaining("RFC 1123");
    }
}
