package io.envsaga.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.simulation.route53.RecordSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.springframework.amqp.core.Message;

/** The checks at the end of every scenario (docs/reliability.md, "Invariants"). */
final class Invariants {

    static final String ENVIRONMENT_LABEL = "envsaga.io/environment";
    static final String POISON_HEADER = "x-chaos-poison";

    private final ChaosSystem system;
    private final SagaStore store;

    Invariants(ChaosSystem system, SagaStore store) {
        this.system = system;
        this.store = store;
    }

    /** Every environment as its script says, every accepted submission with a saga, nothing left of a released one. */
    void check(Campaign campaign) {
        Map<String, String> phases = store.phases(campaign.names());
        assertThat(campaign.unsettled(phases)).as("environments not where their script ends").isEmpty();

        Map<String, Map<String, String>> steps = store.steps(campaign.names());
        for (Script script : campaign.scripts) {
            if (campaign.rolledBack(script)) {
                assertThat(steps.get(script.name())).as("the steps of failed %s", script.name())
                        .isNotEmpty().allSatisfy((step, status) -> assertThat(status).as(step).isEqualTo("RELEASED"));
            }
        }

        Set<String> acceptedSagas = new HashSet<>();
        campaign.accepted.values().forEach(acceptedSagas::addAll);
        assertThat(acceptedSagas.size() + campaign.confirmed.size()).as("accepted submissions").isGreaterThanOrEqualTo(campaign.scripts.size());
        assertThat(store.commandedSagas(campaign.names())).as("sagas the orchestrators commanded (audit)")
                .containsAll(acceptedSagas);
        // a confirmed submission on the intake has no saga id of its own: it is in the audit, and its environment was requested
        assertThat(store.audited(campaign.confirmed.values())).as("confirmed intake submissions in the audit")
                .containsExactlyInAnyOrderElementsOf(campaign.confirmed.values());
        assertThat(store.requested(campaign.confirmed.keySet())).as("environments submitted on the intake and requested")
                .containsExactlyInAnyOrderElementsOf(campaign.confirmed.keySet());

        KubernetesClient kubernetes = system.cluster().client();
        List<String> vhosts = system.broker.vhosts();
        List<String> queues = system.broker.queues().stream().map(RabbitNode.QueueInfo::name).toList();
        List<RecordSet> records = system.route53.records(ChaosSystem.ZONE);
        for (Script script : campaign.scripts) {
            if (!campaign.released(script)) {
                continue;
            }
            String name = script.name();
            assertThat(kubernetes.namespaces().withName(name).get()).as("namespace of released %s", name).isNull();
            assertThat(kubernetes.apps().deployments().inAnyNamespace().withLabel(ENVIRONMENT_LABEL, name).list().getItems())
                    .as("deployments of released %s", name).isEmpty();
            assertThat(kubernetes.services().inAnyNamespace().withLabel(ENVIRONMENT_LABEL, name).list().getItems())
                    .as("services of released %s", name).isEmpty();
            assertThat(kubernetes.network().v1().ingresses().inAnyNamespace().withLabel(ENVIRONMENT_LABEL, name).list().getItems())
                    .as("ingresses of released %s", name).isEmpty();
            assertThat(kubernetes.configMaps().inAnyNamespace().withLabel(ENVIRONMENT_LABEL, name).list().getItems())
                    .as("config maps of released %s", name).isEmpty();
            assertThat(kubernetes.secrets().inAnyNamespace().withLabel(ENVIRONMENT_LABEL, name).list().getItems())
                    .as("secrets of released %s", name).isEmpty();
            assertThat(records).as("Route53 records of released %s", name)
                    .noneMatch(record -> record.name().contains(name + "."));
            assertThat(vhosts).as("broker vhosts of released %s", name).noneMatch(vhost -> vhost.contains(name));
            assertThat(queues).as("broker queues of released %s", name).noneMatch(queue -> queue.contains(name));
        }
        for (Script script : campaign.scripts) {
            if ("ready".equals(campaign.expectedPhase(script))) {
                // on its own cluster's nodes: the dns-service of its cluster wrote it, and no other's moved it
                assertThat(records).as("the A record of ready %s on the nodes of cluster %s", script.name(), script.clusterName())
                        .anyMatch(record -> record.name().startsWith(script.name() + ".preview." + ChaosSystem.ZONE)
                                && record.type().equals("A") && record.values().equals(List.of(ChaosSystem.NODES.get(script.clusterName()))));
            }
        }
    }

    /**
     * Empties every dead-letter queue; everything in them must be a poison message the suite
     * injected. Returns how many poison messages were found, per DLQ.
     */
    Map<String, Integer> deadLettersAreOnlyPoison() {
        Map<String, Integer> poison = new java.util.TreeMap<>();
        List<String> others = new ArrayList<>();
        for (RabbitNode.QueueInfo queue : system.broker.queues()) {
            if (!queue.name().endsWith(".dlq")) {
                continue;
            }
            for (Message message = system.template().receive(queue.name()); message != null;
                 message = system.template().receive(queue.name())) {
                if (message.getMessageProperties().getHeader(POISON_HEADER) != null) {
                    poison.merge(queue.name(), 1, Integer::sum);
                } else {
                    others.add(queue.name() + ": " + message.getMessageProperties().getReceivedRoutingKey() + " "
                            + message.getMessageProperties().getHeaders().get("cloudEvents_subject") + " "
                            + message.getMessageProperties().getHeaders().get("x-first-death-reason"));
                }
            }
        }
        assertThat(others).as("dead letters other than the poison messages").isEmpty();
        return poison;
    }

    /** Every message the suite's tap queue saw (both exchanges) is in the audit; the tap is emptied. */
    int auditHoldsEveryMessage() {
        Set<String> ids = new HashSet<>();
        for (Message message = system.template().receive(ChaosSystem.TAP); message != null;
             message = system.template().receive(ChaosSystem.TAP)) {
            if (message.getMessageProperties().getHeader(Duplicator.COPY_HEADER) == null) {
                ids.add(message.getMessageProperties().getMessageId());
            }
        }
        assertThat(ids).as("messages seen by the tap").doesNotContainNull().isNotEmpty();
        Awaitility.await("the audit holds every message").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    Set<String> missing = new HashSet<>(ids);
                    missing.removeAll(store.audited(ids));
                    assertThat(missing).as("message ids missing from the audit").isEmpty();
                });
        return ids.size();
    }
}
