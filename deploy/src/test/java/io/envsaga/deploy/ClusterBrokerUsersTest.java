package io.envsaga.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.bus.BusTopology;
import io.envsaga.contracts.events.ClusterRoute;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The broker users of deploy/rabbitmq/definitions.json, one per step and cluster (docs/security.md,
 * "Broker users"): each reaches, of every exchange and queue the bus of all clusters has
 * ({@link BusTopology#all(Map)}, the executor leases, {@code amq.default}), exactly what its
 * step service of its cluster declares and uses ({@link BusTopology#forStep(Step, String)}) and
 * nothing of another cluster or another step; it publishes only its step's answers. The users of
 * the cluster {@code default} (an installation without clusters) are held to the same rule.
 * {@code ClusterBrokerUsersIT} shows the broker refusing on a real RabbitMQ.
 */
class ClusterBrokerUsersTest {

    static final BusTopology TOPOLOGY = BusTopology.defaults();

    /** A step user of the file: its step and cluster. */
    record StepUser(String name, Step step, String cluster) {
    }

    static Set<String> users() {
        Set<String> users = new TreeSet<>();
        BrokerLimitsTest.definitions().get("users").forEach(u -> users.add(u.get("name").asString()));
        return users;
    }

    /** Every step user of the file: {@code envsaga-<step>} (the default cluster) and {@code envsaga-<step>-<cluster>}. */
    static List<StepUser> stepUsers() {
        List<StepUser> found = new ArrayList<>();
        for (String user : users()) {
            for (Step step : Step.values()) {
                String prefix = "envsaga-" + step.id();
                if (user.equals(prefix)) {
                    found.add(new StepUser(user, step, ClusterRoute.DEFAULT));
                } else if (user.startsWith(prefix + "-")) {
                    found.add(new StepUser(user, step, ClusterRoute.checked(user.substring(prefix.length() + 1))));
                }
            }
        }
        return found;
    }

    /** The clusters of the file's step users, default included. */
    static Set<String> clusters() {
        return stepUsers().stream().map(StepUser::cluster).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Every name on the bus of all the file's clusters, each with every step (so a step a cluster lacks is covered too). */
    static Set<String> everything() {
        Set<String> names = new TreeSet<>(TOPOLOGY.allQueues(clusters()));
        names.addAll(TOPOLOGY.allExchanges());
        names.add("amq.default");
        for (String cluster : clusters()) {
            for (Step step : Step.values()) {
                names.add(TOPOLOGY.executorLease(step, cluster));
            }
        }
        return names;
    }

    static JsonNode permission(String user) {
        for (JsonNode permission : BrokerLimitsTest.definitions().get("permissions")) {
            if (user.equals(permission.path("user").asString()) && "/".equals(permission.path("vhost").asString())) {
                return permission;
            }
        }
        throw new AssertionError("no permissions of " + user + " on / in definitions.json");
    }

    static JsonNode topicPermission(String user) {
        for (JsonNode permission : BrokerLimitsTest.definitions().get("topic_permissions")) {
            if (user.equals(permission.path("user").asString())) {
                return permission;
            }
        }
        throw new AssertionError("no topic permissions of " + user + " in definitions.json");
    }

    /** The names one regex of a permission reaches: RabbitMQ searches with it, as {@link java.util.regex.Matcher#find()} does. */
    static Set<String> reached(String regex, Set<String> names) {
        Pattern pattern = Pattern.compile(regex);
        return names.stream().filter(n -> pattern.matcher(n).find()).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everyClusterOfTheOverlaysHasAUserForEachStepItRunsAndNoOther() throws Exception {
        Map<String, Set<String>> usersOfOverlays = new TreeMap<>();
        Map<String, Set<String>> usersOfFile = new TreeMap<>();
        ClusterOverlaysTest.brokerUsersByCluster().forEach((cluster, users) -> usersOfOverlays.put(cluster, new TreeSet<>(users)));
        stepUsers().stream().filter(u -> !u.cluster().equals(ClusterRoute.DEFAULT))
                .forEach(u -> usersOfFile.computeIfAbsent(u.cluster(), c -> new TreeSet<>()).add(u.name()));
        assertThat(usersOfFile).as("the per-cluster step users of definitions.json against the overlays' step services").isEqualTo(usersOfOverlays);
        assertThat(stepUsers()).extracting(StepUser::name).contains("envsaga-storage-stage").doesNotContain("envsaga-storage-production");
    }

    @Test
    void eachStepUserReachesItsOwnClustersQueueOfItsStepAndNothingElse() {
        Set<String> everything = everything();
        SoftAssertions softly = new SoftAssertions();
        for (StepUser user : stepUsers()) {
            String queue = TOPOLOGY.stepQueue(user.step(), user.cluster());
            String dlq = TOPOLOGY.deadLetterQueue(queue);
            Set<String> configure = new TreeSet<>(List.of(TOPOLOGY.intakeExchange(), TOPOLOGY.eventsExchange(), TOPOLOGY.deadLetterExchange(),
                    queue, dlq));
            if (user.step() == Step.DNS) {
                configure.add(TOPOLOGY.executorLease(Step.DNS, user.cluster())); // its exclusive lease queue (DnsConfiguration)
            }
            Set<String> writeAndRead = new TreeSet<>(List.of(TOPOLOGY.eventsExchange(), TOPOLOGY.deadLetterExchange(), queue, dlq));
            JsonNode permission = permission(user.name());

            softly.assertThat(reached(permission.get("configure").asString(), everything)).as(user + " configure").isEqualTo(configure);
            softly.assertThat(reached(permission.get("write").asString(), everything)).as(user + " write").isEqualTo(writeAndRead);
            softly.assertThat(reached(permission.get("read").asString(), everything)).as(user + " read").isEqualTo(writeAndRead);
            // what its step service declares, all of it within those rights
            TOPOLOGY.forStep(user.step(), user.cluster()).getDeclarables().forEach(d -> {
                String name = d instanceof org.springframework.amqp.core.Queue q ? q.getName()
                        : d instanceof org.springframework.amqp.core.Exchange e ? e.getName() : null;
                if (name != null) {
                    softly.assertThat(configure).as(user + " declares").contains(name);
                }
            });
        }
        softly.assertAll();
    }

    @Test
    void eachStepUserPublishesOnlyItsStepsAnswers() {
        for (StepUser user : stepUsers()) {
            JsonNode topic = topicPermission(user.name());
            assertThat(topic.get("exchange").asString()).isEqualTo(TOPOLOGY.eventsExchange());
            Pattern write = Pattern.compile(topic.get("write").asString());
            for (EventType type : EventType.values()) {
                for (Step step : Step.values()) {
                    for (String cluster : clusters()) {
                        String key = type.routingKey(step, cluster);
                        boolean own = type.isStepEvent() && step == user.step();
                        assertThat(write.matcher(key).find()).as(user + " publishes " + key).isEqualTo(own);
                    }
                }
            }
        }
    }

    @Test
    void theOrchestratorDeclaresTheQueuesOfEveryClusterItDrives() {
        Map<String, Set<Step>> stepsByCluster = new TreeMap<>();
        stepUsers().forEach(u -> stepsByCluster.computeIfAbsent(u.cluster(), c -> new TreeSet<>()).add(u.step()));
        Set<String> queues = new TreeSet<>();
        TOPOLOGY.all(stepsByCluster).getDeclarables().forEach(d -> {
            if (d instanceof org.springframework.amqp.core.Queue q) {
                queues.add(q.getName());
            }
        });
        JsonNode permission = permission("envsaga-orchestrator");
        assertThat(reached(permission.get("configure").asString(), queues)).isEqualTo(queues);
        assertThat(reached(permission.get("write").asString(), queues)).isEqualTo(queues);
        Set<String> consumerQueues = queues.stream().filter(q -> !q.endsWith(".dlq")).collect(Collectors.toCollection(TreeSet::new));
        assertThat(reached(permission.get("read").asString(), queues)).containsAll(consumerQueues);
    }
}
