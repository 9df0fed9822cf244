package io.envsaga.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.envsaga.participant.StepFailure;
import io.envsaga.testsupport.concurrency.TestThreads;
import io.envsaga.testsupport.kubernetes.KubernetesTestCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Groups applied in order, each ready before the next; a later group's failure gets the operator's retry grace. */
class OrderedGroupsTest {

    @RegisterExtension
    static final KubernetesTestCluster cluster = new KubernetesTestCluster();
    private static final ExecutorService STEPS = TestThreads.forBlockingSteps();

    static final ManagedKind RABBITMQ_CLUSTER = ManagedKind.custom("rabbitmq.com", "v1beta1", "RabbitmqCluster", "rabbitmqclusters");
    static final ManagedKind QUEUE = ManagedKind.custom("rabbitmq.com", "v1beta1", "Queue", "queues");
    private static final String BROKER_ERROR = "Error 406 (PRECONDITION_FAILED - inequivalent arg 'x-max-priority' for queue "
            + "'client.q.judge.submission' in vhost 'og': received the value '3' of type 'signedint' but current is none)";

    private final List<String> progress = new CopyOnWriteArrayList<>();

    @Test
    void theTopologyIsAppliedOnlyOnceTheClusterIsReadyAndAFailureWithinTheGraceIsWaitedOut() {
        String ns = "og-order";
        CompletableFuture<EnvironmentApplier.Applied> applying = apply(applier(Duration.ofSeconds(60)), ns, groups(ns));
        await().atMost(Duration.ofMinutes(2)).until(() -> progress.contains(ns + "-rabbitmq not AllReplicasReady yet"));
        assertThat(queue(ns)).as("topology waits for its cluster").isNull();

        cluster.controllers().rabbitmqClusterRunning(ns, ns + "-rabbitmq");
        await().atMost(Duration.ofMinutes(2)).until(() -> queue(ns) != null);
        cluster.controllers().topologyFailed(QUEUE.context(), ns, "judge", BROKER_ERROR);
        await().atMost(Duration.ofMinutes(2))
                .until(() -> progress.contains("judge: FailedCreateOrUpdate: " + BROKER_ERROR + " (waiting for the operator to retry)"));
        assertThat(applying).isNotDone();
        cluster.controllers().topologyReady(QUEUE.context(), ns, "judge");

        assertThat(applying).succeedsWithin(Duration.ofMinutes(2))
                .satisfies(a -> assertThat(a.applied()).containsExactly("RabbitmqCluster " + ns + "-rabbitmq", "Queue judge"));
    }

    @Test
    void aFailureOfALaterGroupThatOutlastsTheGraceFailsTheStepWithTheOperatorsMessage() {
        String ns = "og-conflict";
        CompletableFuture<EnvironmentApplier.Applied> applying = apply(applier(Duration.ofSeconds(1)), ns, groups(ns));
        await().atMost(Duration.ofMinutes(2)).until(() -> progress.contains(ns + "-rabbitmq not AllReplicasReady yet"));
        cluster.controllers().rabbitmqClusterRunning(ns, ns + "-rabbitmq");
        await().atMost(Duration.ofMinutes(2)).until(() -> queue(ns) != null);

        cluster.controllers().topologyFailed(QUEUE.context(), ns, "judge", BROKER_ERROR);

        assertThat(applying).failsWithin(Duration.ofMinutes(2));
        assertThat(cause(applying)).isInstanceOfSatisfying(StepFailure.class, f -> {
            assertThat(f.getMessage()).isEqualTo("judge: FailedCreateOrUpdate: " + BROKER_ERROR);
            assertThat(f.retryable()).isFalse();
        });
    }

    @Test
    void aFailureOfTheFirstGroupFailsAtOnceAndTheNextGroupIsNeverApplied() {
        String ns = "og-first";
        CompletableFuture<EnvironmentApplier.Applied> applying = apply(applier(Duration.ofMinutes(5)), ns, groups(ns));
        await().atMost(Duration.ofMinutes(2)).until(() -> progress.contains(ns + "-rabbitmq not AllReplicasReady yet"));

        cluster.controllers().reconciled(RABBITMQ_CLUSTER.context(), ns, ns + "-rabbitmq",
                new String[] {"ReconcileSuccess", "False", "Error", "failed to create StatefulSet: forbidden"});

        assertThat(applying).failsWithin(Duration.ofMinutes(2));
        assertThat(cause(applying)).hasMessage(ns + "-rabbitmq: Error: failed to create StatefulSet: forbidden");
        assertThat(queue(ns)).isNull();
    }

    private EnvironmentApplier applier(Duration grace) {
        return new EnvironmentApplier(cluster.client(), new KubernetesSettings(null, null, Duration.ofSeconds(60), Duration.ofSeconds(10), 3, grace));
    }

    private static List<List<Desired>> groups(String ns) {
        GenericKubernetesResource rabbit = new GenericKubernetesResourceBuilder().withApiVersion("rabbitmq.com/v1beta1").withKind("RabbitmqCluster")
                .withNewMetadata().withName(ns + "-rabbitmq").endMetadata().withAdditionalProperties(Map.of("spec", Map.of("replicas", 1))).build();
        GenericKubernetesResource queue = new GenericKubernetesResourceBuilder().withApiVersion("rabbitmq.com/v1beta1").withKind("Queue")
                .withNewMetadata().withName("judge").endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("name", "client.q.judge.submission", "arguments", Map.of("x-max-priority", 3))))
                .build();
        return List.of(List.of(Desired.custom(RABBITMQ_CLUSTER, rabbit, ReadinessRules.allOf(
                ReadinessRules.failsOn("ReconcileSuccess", "Error"), ReadinessRules.observedGenerationCaughtUp(ReadinessRules.condition("AllReplicasReady"))))),
                List.of(Desired.custom(QUEUE, queue, ReadinessRules.conditionWithReason("Ready", "FailedCreateOrUpdate"))));
    }

    private static GenericKubernetesResource queue(String ns) {
        return cluster.client().genericKubernetesResources(QUEUE.context()).inNamespace(ns).withName("judge").get();
    }

    private CompletableFuture<EnvironmentApplier.Applied> apply(EnvironmentApplier applier, String ns, List<List<Desired>> groups) {
        Target target = new Target(ns, ns, "messaging", 1, List.of(QUEUE, RABBITMQ_CLUSTER));
        return CompletableFuture.supplyAsync(() -> {
            try {
                return applier.apply(target, groups, progress::add);
            } catch (InterruptedException e) {
                throw new CompletionException(e);
            }
        }, STEPS);
    }

    private static Throwable cause(CompletableFuture<?> future) {
        return future.handle((r, e) -> e instanceof CompletionException ? e.getCause() : e).join();
    }
}
