package io.envsaga.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.envsaga.participant.StepFailure;
import io.envsaga.testsupport.kubernetes.KubernetesTestCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The library as another step service uses it: custom resources of an operator (a RabbitmqCluster
 * and a Queue, as messaging-service will make them), ready by their status conditions.
 */
class EnvironmentApplierTest {

    @RegisterExtension
    static final KubernetesTestCluster cluster = new KubernetesTestCluster();
    private static final java.util.concurrent.ExecutorService STEPS = io.envsaga.testsupport.concurrency.TestThreads.forBlockingSteps();

    private static final ManagedKind RABBITMQ_CLUSTER = ManagedKind.custom("rabbitmq.com", "v1beta1", "RabbitmqCluster", "rabbitmqclusters");
    private static final ManagedKind QUEUE = ManagedKind.custom("rabbitmq.com", "v1beta1", "Queue", "queues");
    private static final ManagedKind NOT_INSTALLED = ManagedKind.custom("example.com", "v1", "Widget", "widgets");

    private final EnvironmentApplier applier = new EnvironmentApplier(cluster.client(),
            new KubernetesSettings(null, null, Duration.ofSeconds(30), Duration.ofSeconds(10), 3));
    private final List<String> progress = new CopyOnWriteArrayList<>();

    @Test
    void customResourcesAreReadyWhenTheirOperatorSaysSo() {
        Target target = target("mq-ready", 1, List.of(QUEUE, RABBITMQ_CLUSTER));
        CompletableFuture<EnvironmentApplier.Applied> applying = apply(target, messaging("mq-ready"));
        await().atMost(Duration.ofMinutes(2)).until(() -> progress.contains("mq-ready-rabbitmq not AllReplicasReady yet"));

        cluster.controllers().setCondition(RABBITMQ_CLUSTER.context(), "mq-ready", "mq-ready-rabbitmq", "AllReplicasReady", "True", "Ready", "");
        await().atMost(Duration.ofMinutes(2)).until(() -> progress.contains("mq-ready-rabbitmq AllReplicasReady"));
        assertThat(applying).isNotDone();
        cluster.controllers().setCondition(QUEUE.context(), "mq-ready", "judge", "Ready", "True", "SuccessfulCreateOrUpdate", "");

        assertThat(applying).succeedsWithin(Duration.ofMinutes(2))
                .satisfies(a -> assertThat(a.applied()).containsExactly("RabbitmqCluster mq-ready-rabbitmq", "Queue judge"));
        GenericKubernetesResource queue = cluster.client().genericKubernetesResources(QUEUE.context()).inNamespace("mq-ready")
                .withName("judge").get();
        assertThat(queue.getMetadata().getLabels()).containsEntry("app", "judge").containsAllEntriesOf(Labels.of("mq-ready", "messaging", 1));
    }

    @Test
    void anOperatorsFailureConditionFailsTheStepWithItsMessage() {
        CompletableFuture<EnvironmentApplier.Applied> applying = apply(target("mq-fail", 1, List.of(QUEUE, RABBITMQ_CLUSTER)), messaging("mq-fail"));
        await().atMost(Duration.ofMinutes(2)).until(() -> progress.contains("judge not Ready yet"));

        cluster.controllers().topologyFailed(QUEUE.context(), "mq-fail", "judge", "PRECONDITION_FAILED - inequivalent arg 'x-queue-type'");

        assertThat(applying).failsWithin(Duration.ofMinutes(2));
        assertThat(cause(applying)).isInstanceOf(StepFailure.class)
                .hasMessage("judge: FailedCreateOrUpdate: PRECONDITION_FAILED - inequivalent arg 'x-queue-type'");
    }

    @Test
    void notReadyByTheDeadlineFailsRetryablyListingWhatStillWaits() {
        EnvironmentApplier impatient = new EnvironmentApplier(cluster.client(),
                new KubernetesSettings(null, null, Duration.ofMillis(500), Duration.ofSeconds(10), 3));

        CompletableFuture<EnvironmentApplier.Applied> applying = CompletableFuture.supplyAsync(() -> {
            try {
                return impatient.apply(target("mq-slow", 1, List.of(QUEUE, RABBITMQ_CLUSTER)), messaging("mq-slow"), progress::add);
            } catch (InterruptedException e) {
                throw new CompletionException(e);
            }
        }, STEPS);

        assertThat(applying).failsWithin(Duration.ofMinutes(2));
        assertThat(cause(applying)).isInstanceOfSatisfying(StepFailure.class, failure -> {
            assertThat(failure.retryable()).isTrue();
            assertThat(failure.getMessage()).isEqualTo("not ready after PT0.5S: mq-slow-rabbitmq not AllReplicasReady yet, judge not Ready yet");
        });
    }

    @Test
    void aSupersededApplyStopsWaitingWhenItsThreadIsInterrupted() throws Exception {
        java.util.concurrent.atomic.AtomicReference<Throwable> outcome = new java.util.concurrent.atomic.AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                applier.apply(target("mq-superseded", 1, List.of(QUEUE, RABBITMQ_CLUSTER)), messaging("mq-superseded"), progress::add);
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        worker.start();
        await().atMost(Duration.ofMinutes(2)).until(() -> progress.contains("mq-superseded-rabbitmq not AllReplicasReady yet"));

        worker.interrupt();

        worker.join(5_000);
        assertThat(worker.isAlive()).isFalse();
        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
    }

    @Test
    void aKindTheClusterDoesNotServeFailsTheStepNamingIt() {
        GenericKubernetesResource widget = new GenericKubernetesResourceBuilder().withApiVersion("example.com/v1").withKind("Widget")
                .withNewMetadata().withName("w").endMetadata().build();

        CompletableFuture<EnvironmentApplier.Applied> applying = apply(target("no-crd", 1, List.of(NOT_INSTALLED)),
                List.of(Desired.custom(NOT_INSTALLED, widget, ReadinessRules.applied())));

        assertThat(applying).failsWithin(Duration.ofMinutes(2));
        assertThat(cause(applying)).isInstanceOf(StepFailure.class)
                .hasMessage("the cluster does not serve Widget (example.com/v1): is its CustomResourceDefinition installed?");
    }

    @Test
    void releaseWaitsUntilAnObjectHeldByAFinalizerIsGoneThenDeletesTheNextKind() throws Exception {
        KubernetesClient client = cluster.client();
        Target target = target("mq-gone", 1, List.of(QUEUE, RABBITMQ_CLUSTER));
        List<Desired> objects = List.of(Desired.custom(QUEUE, queue("judge"), ReadinessRules.applied()),
                Desired.custom(RABBITMQ_CLUSTER, cluster("mq-gone-rabbitmq"), ReadinessRules.applied()));
        apply(target, objects).join();
        // the topology operator holds its objects with a finalizer until it has deleted them in RabbitMQ
        GenericKubernetesResource held = client.genericKubernetesResources(QUEUE.context()).inNamespace("mq-gone").withName("judge").get();
        held.getMetadata().setFinalizers(List.of("deletion.finalizers.queues.rabbitmq.com"));
        client.genericKubernetesResources(QUEUE.context()).inNamespace("mq-gone").resource(held).update();

        CompletableFuture<List<String>> releasing = CompletableFuture.supplyAsync(() -> {
            try {
                return applier.release(target, Long.MAX_VALUE);
            } catch (InterruptedException e) {
                throw new CompletionException(e);
            }
        }, STEPS);
        await().atMost(Duration.ofMinutes(2)).until(() -> client.genericKubernetesResources(QUEUE.context()).inNamespace("mq-gone")
                .withName("judge").get().getMetadata().getDeletionTimestamp() != null);
        assertThat(releasing).isNotDone();
        assertThat(client.genericKubernetesResources(RABBITMQ_CLUSTER.context()).inNamespace("mq-gone").withName("mq-gone-rabbitmq").get())
                .as("the cluster waits for its topology").isNotNull();

        GenericKubernetesResource marked = client.genericKubernetesResources(QUEUE.context()).inNamespace("mq-gone").withName("judge").get();
        marked.getMetadata().setFinalizers(List.of());
        client.genericKubernetesResources(QUEUE.context()).inNamespace("mq-gone").resource(marked).update();

        assertThat(releasing).succeedsWithin(Duration.ofMinutes(2))
                .isEqualTo(List.of("Queue judge", "RabbitmqCluster mq-gone-rabbitmq", "Namespace mq-gone"));
        assertThat(client.genericKubernetesResources(RABBITMQ_CLUSTER.context()).inNamespace("mq-gone").list().getItems()).isEmpty();
        assertThat(client.namespaces().withName("mq-gone").get()).as("its only holder released it").isNull();
    }

    @Test
    void stampedObjectsCarryTheLabelsAndTheNamespaceWithoutChangingTheDesiredOnes() {
        GenericKubernetesResource queue = queue("judge");
        Target target = target("pure", 7, List.of(QUEUE));

        List<HasMetadata> stamped = EnvironmentApplier.stamped(target, List.of(Desired.custom(QUEUE, queue, ReadinessRules.applied())));

        assertThat(stamped).extracting(HasMetadata::getKind).containsExactly("Namespace", "Queue");
        assertThat(stamped.get(1).getMetadata().getLabels()).containsEntry("app", "judge").containsAllEntriesOf(Labels.of("pure", "messaging", 7));
        assertThat(stamped.get(1).getMetadata().getNamespace()).isEqualTo("pure");
        assertThat(queue.getMetadata().getLabels()).isEqualTo(Map.of("app", "judge"));
        assertThat(queue.getMetadata().getNamespace()).isNull();
    }

    @Test
    void namespacesEnforceBaselineAndArePrivilegedOnlyWhileTheWorkloadsStepSaysSo() throws Exception {
        Target messagingFirst = target("psa", 1, List.of(QUEUE));
        Target privileged = new Target("psa", "psa", "workloads", 1, List.of(NOT_INSTALLED), Target.PRIVILEGED);
        Target baseline = new Target("psa", "psa", "workloads", 2, List.of(NOT_INSTALLED), Target.BASELINE);

        List<Desired> aQueue = List.of(Desired.custom(QUEUE, queue("judge"), ReadinessRules.applied()));
        applier.apply(messagingFirst, aQueue, progress::add);
        String created = podSecurity("psa");
        applier.apply(privileged, List.<Desired>of(), progress::add);
        String raised = podSecurity("psa");
        applier.apply(messagingFirst, aQueue, progress::add);
        String keptByAnotherStep = podSecurity("psa");
        applier.apply(baseline, List.<Desired>of(), progress::add);

        assertThat(created).isEqualTo("baseline");
        assertThat(raised).isEqualTo("privileged");
        assertThat(keptByAnotherStep).as("a step that runs no workloads leaves the level").isEqualTo("privileged");
        assertThat(podSecurity("psa")).isEqualTo("baseline");
    }

    @Test
    void nothingDesiredMakesNoNamespace() throws Exception {
        EnvironmentApplier.Applied applied = applier.apply(target("nothing", 1, List.of(QUEUE)), List.<Desired>of(), progress::add);

        assertThat(applied.applied()).isEmpty();
        assertThat(cluster.client().namespaces().withName("nothing").get()).as("a step with nothing to make").isNull();
    }

    @Test
    void aNamespaceEnvsagaDidNotMakeKeepsItsPodSecurityLabels() throws Exception {
        cluster.client().namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName("theirs")
                .addToLabels(Labels.POD_SECURITY_ENFORCE, "restricted").endMetadata().build()).create();

        applier.apply(new Target("theirs", "theirs", "workloads", 1, List.of(NOT_INSTALLED), Target.PRIVILEGED),
                List.<Desired>of(), progress::add);

        assertThat(podSecurity("theirs")).isEqualTo("restricted");
    }

    private static String podSecurity(String namespace) {
        return cluster.client().namespaces().withName(namespace).get().getMetadata().getLabels().get(Labels.POD_SECURITY_ENFORCE);
    }

    // --- helpers

    private static Target target(String environment, long generation, List<ManagedKind> kinds) {
        return new Target(environment, environment, "messaging", generation, kinds);
    }

    private static List<Desired> messaging(String environment) {
        return List.of(Desired.custom(RABBITMQ_CLUSTER, cluster(environment + "-rabbitmq"), ReadinessRules.condition("AllReplicasReady")),
                Desired.custom(QUEUE, queue("judge"), ReadinessRules.conditionWithReason("Ready", "FailedCreateOrUpdate")));
    }

    private static GenericKubernetesResource cluster(String name) {
        return new GenericKubernetesResourceBuilder().withApiVersion("rabbitmq.com/v1beta1").withKind("RabbitmqCluster")
                .withNewMetadata().withName(name).endMetadata().withAdditionalProperties(Map.of("spec", Map.of("replicas", 1))).build();
    }

    private static GenericKubernetesResource queue(String name) {
        return new GenericKubernetesResourceBuilder().withApiVersion("rabbitmq.com/v1beta1").withKind("Queue")
                .withNewMetadata().withName(name).addToLabels("app", name).endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("name", "client.q.judge.submission", "type", "quorum"))).build();
    }

    private CompletableFuture<EnvironmentApplier.Applied> apply(Target target, List<Desired> desired) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return applier.apply(target, desired, progress::add);
            } catch (InterruptedException e) {
                throw new CompletionException(e);
            }
        }, STEPS);
    }

    private static Throwable cause(CompletableFuture<?> future) {
        return future.handle((r, e) -> e instanceof CompletionException ? e.getCause() : e).join();
    }
}
