package io.envsaga.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.envsaga.testsupport.kubernetes.TestOperators;
import io.envsaga.contracts.spec.Environment;
import io.envsaga.kubernetes.Desired;
import io.envsaga.kubernetes.EnvironmentApplier;
import io.envsaga.kubernetes.KubernetesSettings;
import io.envsaga.kubernetes.endpoint.FixedEndpoints;
import io.envsaga.participant.StepContext;
import io.envsaga.participant.StepFailure;
import io.envsaga.participant.StepResult;
import io.envsaga.testsupport.concurrency.TestThreads;
import io.envsaga.testsupport.kubernetes.KubernetesTestCluster;
import io.envsaga.simulation.operators.ManagementApi;
import io.envsaga.simulation.operators.SimulatedRabbitmqOperators;
import io.envsaga.simulation.specs.TestSpecs;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The messaging step against the real broker, through the simulated operators: Codedang's
 * topology, users' permissions, ordering, the broker's refusal, pruning and release.
 */
class MessagingStepTest {

    @RegisterExtension
    static final KubernetesTestCluster cluster = new KubernetesTestCluster();
    static final FixedEndpoints endpoints = new FixedEndpoints();
    static SimulatedRabbitmqOperators operators;

    private final KubernetesSettings settings = new KubernetesSettings(null, null, Duration.ofSeconds(90), Duration.ofSeconds(30), 3,
            Duration.ofSeconds(3));
    /** The step's own requests count as messaging-service's (deploy/'s RBAC evidence). */
    private final io.fabric8.kubernetes.client.KubernetesClient service = cluster.clientAs("messaging-service");
    private final MessagingStep step = new MessagingStep(new EnvironmentApplier(service, settings),
            new BrokerCheck(service, endpoints), MessagingProperties.standard());

    @org.junit.jupiter.api.AfterEach
    void closeServiceClient() {
        service.close();
    }
    private final List<String> progress = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startOperators() {
        operators = TestOperators.rabbitmq(cluster, endpoints);
    }

    @AfterAll
    static void stopOperators() {
        operators.close();
    }

    @Test
    void stagesTopologyExistsInItsVhostAndEachUserCanDoWhatItsPermissionsSay() throws Exception {
        Environment stage = stage("mq-topology", UnaryOperator.identity());

        StepResult result = step.apply(context(StepContext.Command.APPLY, stage, 1));

        assertThat(result.outputs()).containsEntry("service", "mq-topology-rabbitmq:5672").containsEntry("vhost", "vh")
                .containsEntry("defaultUserSecret", "mq-topology-rabbitmq-default-user")
                .containsEntry("userSecrets", "mq-topology-rabbitmq-client-api-user-credentials,mq-topology-rabbitmq-admin-api-user-credentials,"
                        + "mq-topology-rabbitmq-iris-user-credentials")
                .containsEntry("checked", "2 exchanges, 4 queues, 3 users");
        assertThat(String.join("\n", result.outputs().values())).doesNotContain(password(stage, "mq-topology-rabbitmq-iris-user-credentials"));
        String vhost = ManagementApi.enc(operators.brokerVhost("mq-topology", "mq-topology-rabbitmq", "vh"));
        assertThat(operators.management().get("/exchanges/" + vhost + "/iris.e.direct.judge")).contains("\"type\":\"direct\"");
        assertThat(operators.management().get("/queues/" + vhost + "/client.q.judge.submission"))
                .contains("\"x-max-priority\":3").contains("\"x-queue-type\":\"classic\"");
        assertThat(operators.management().get("/queues/" + vhost + "/iris.q.judge.result")).contains("\"x-queue-type\":\"quorum\"");

        // client-api, as the workload would: publish a submission, take it from its queue; declaring is beyond it
        try (Connection client = connect(stage, "mq-topology-rabbitmq-client-api-user-credentials"); Channel channel = client.createChannel()) {
            channel.confirmSelect();
            channel.basicPublish("iris.e.direct.judge", "judge.submission", null, "submission 1".getBytes(StandardCharsets.UTF_8));
            channel.waitForConfirmsOrDie(10_000);
            await().atMost(Duration.ofMinutes(2)).until(() -> channel.messageCount("client.q.judge.submission") == 1);
            GetResponse got = channel.basicGet("client.q.judge.submission", true);
            assertThat(new String(got.getBody(), StandardCharsets.UTF_8)).isEqualTo("submission 1");
            Channel declaring = client.createChannel();
            assertThatThrownBy(() -> declaring.queueDeclare("mine", true, false, false, null)).isInstanceOf(IOException.class)
                    .cause().hasMessageContaining("ACCESS_REFUSED");
        }
    }

    @Test
    void theCheckFindsAUserAllowedMoreThanItsPermissionsSay() throws Exception {
        Environment stage = stage("mq-narrow", yaml -> yaml.replace("{ name: iris, permissions: { configure: \"\", write: \".*\", read: \".*\" } }",
                "{ name: iris, permissions: { configure: \"\", write: \"^iris\\\\.\", read: \"^iris\\\\.\" } }"));
        StepResult result = step.apply(context(StepContext.Command.APPLY, stage, 1));
        assertThat(result.outputs()).containsKey("checked");

        // someone widens iris's rights on the broker behind the operators' back
        operators.management().putPermissions(operators.brokerVhost("mq-narrow", "mq-narrow-rabbitmq", "vh"),
                username(stage, "mq-narrow-rabbitmq-iris-user-credentials"), "", ".*", ".*");

        assertThatThrownBy(() -> new BrokerCheck(cluster.client(), endpoints).check(stage)).isInstanceOf(StepFailure.class)
                .hasMessageContaining("user iris publishing to plag.e.direct.check is allowed, beyond its permissions")
                .hasMessageContaining("user iris consuming from plag.q.check.request is allowed, beyond its permissions");
    }

    @Test
    void theStepWaitsForTheClusterAndAppliesNoTopologyBeforeIt() {
        Environment stage = stage("mq-held", UnaryOperator.identity());
        operators.holdClusters(true);
        try {
            CompletableFuture<StepResult> applying = applyAsync(stage, 1);
            await().atMost(Duration.ofMinutes(2)).until(() -> progress.contains("mq-held-rabbitmq not AllReplicasReady: 0/1 Pods ready"));
            assertThat(cluster.client().genericKubernetesResources(Topology.QUEUE.context()).inNamespace("mq-held").list().getItems()).isEmpty();
            assertThat(cluster.client().genericKubernetesResources(Topology.USER.context()).inNamespace("mq-held").list().getItems()).isEmpty();
            readyOnceReleased(applying, "mq-held");
        } finally {
            operators.holdClusters(false);
        }
    }

    /**
     * The topology operator's webhook (queue_webhook.go) refuses the update in the API server: the
     * apply itself fails with the webhook's message, the Queue keeps its spec and the broker its
     * queue. (The orchestrator refuses such a spec at submit: MessagingChanges.)
     */
    @Test
    void aQueueChangeTheWebhookRefusesFailsTheStepWithTheWebhooksMessageAndChangesNothing() throws Exception {
        step.apply(context(StepContext.Command.APPLY, stage("mq-conflict", UnaryOperator.identity()), 1));
        Environment changed = stage("mq-conflict", yaml -> yaml.replace("x-max-priority: 3", "x-max-priority: 5"));

        assertThatThrownBy(() -> step.apply(context(StepContext.Command.APPLY, changed, 2))).isInstanceOf(StepFailure.class)
                .hasMessage("the API server rejected Queue queue-client.q.judge.submission: admission webhook \"vqueue.kb.io\" denied the request: "
                        + "spec.arguments: Invalid value: {\"x-max-priority\":5}: queue arguments cannot be updated")
                .extracting(e -> ((StepFailure) e).retryable()).isEqualTo(false);
        GenericKubernetesResource queue = cluster.client().genericKubernetesResources(Topology.QUEUE.context()).inNamespace("mq-conflict")
                .withName("queue-client.q.judge.submission").get();
        assertThat(queue.getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(queue.getMetadata().getLabels()).containsEntry("envsaga.io/generation", "1");
        assertThat(operators.management().get("/queues/" + ManagementApi.enc(operators.brokerVhost("mq-conflict", "mq-conflict-rabbitmq", "vh"))
                + "/client.q.judge.submission")).contains("\"x-max-priority\":3");
    }

    /**
     * A Queue with a field the topology operator's CRD does not declare ("exclusive", a broker
     * queue property the Queue kind has no field for): the API server refuses the whole apply
     * (server-side apply types it against the CRD's schema) and the step fails at once with the
     * server's message, not retried; nothing of the Queue is stored.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aQueueWithAFieldTheCrdDoesNotDeclareFailsTheStepWithTheApiServersMessage() {
        Environment stage = stage("mq-undeclared", UnaryOperator.identity());
        MessagingStep exclusiveQueues = new MessagingStep(new EnvironmentApplier(service, settings), new BrokerCheck(service, endpoints),
                MessagingProperties.standard()) {
            @Override
            protected List<List<Desired>> desired(Environment environment) {
                List<List<Desired>> groups = super.desired(environment);
                groups.stream().flatMap(List::stream).filter(d -> d.kind().equals(Topology.QUEUE))
                        .forEach(d -> ((Map<String, Object>) ((GenericKubernetesResource) d.object()).getAdditionalProperties().get("spec"))
                                .put("exclusive", true));
                return groups;
            }
        };

        assertThatThrownBy(() -> exclusiveQueues.apply(context(StepContext.Command.APPLY, stage, 1))).isInstanceOf(StepFailure.class)
                .hasMessage("the API server rejected Queue queue-client.q.judge.submission: failed to create typed patch object "
                        + "(mq-undeclared/queue-client.q.judge.submission; rabbitmq.com/v1beta1, Kind=Queue): .spec.exclusive: field not declared in schema")
                .extracting(e -> ((StepFailure) e).retryable()).isEqualTo(false);
        assertThat(cluster.client().genericKubernetesResources(Topology.QUEUE.context()).inNamespace("mq-undeclared")
                .withName("queue-client.q.judge.submission").get()).as("nothing of it is stored").isNull();
    }

    /**
     * A topology update the webhooks let through but the broker refuses (an invalid regular
     * expression in a permission): the operator writes Ready=False FailedCreateOrUpdate with the
     * broker's answer and leaves observedGeneration at 1 (topology_controller.go lines 108-116,
     * 122-123). The step fails within seconds (3 s retry grace here), not at its 90 s deadline.
     */
    @Test
    void aTopologyUpdateTheBrokerRefusesFailsTheStepWithinSecondsWithTheBrokersMessage() throws Exception {
        step.apply(context(StepContext.Command.APPLY, stage("mq-regex", UnaryOperator.identity()), 1));
        Environment changed = stage("mq-regex", yaml -> yaml.replace("{ name: iris, permissions: { configure: \"\", write: \".*\", read: \".*\" } }",
                "{ name: iris, permissions: { configure: \"\", write: \"(\", read: \".*\" } }"));
        long started = System.nanoTime();

        assertThatThrownBy(() -> step.apply(context(StepContext.Command.APPLY, changed, 2))).isInstanceOf(StepFailure.class)
                .hasMessageStartingWith("mq-regex-rabbitmq-iris: FailedCreateOrUpdate: RabbitMQ management API answered 400 to PUT /permissions/")
                .hasMessageContaining("invalid_regexp");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        GenericKubernetesResource permission = cluster.client().genericKubernetesResources(Topology.PERMISSION.context()).inNamespace("mq-regex")
                .withName("mq-regex-rabbitmq-iris").get();
        assertThat(permission.getMetadata().getGeneration()).isEqualTo(2L);
        assertThat(((Number) ((Map<?, ?>) permission.getAdditionalProperties().get("status")).get("observedGeneration")).longValue())
                .as("the operator records only the generations it made").isEqualTo(1L);
    }

    /**
     * cluster-operator reconcile_scale_down.go lines 19-37: fewer replicas than the StatefulSet has
     * is refused with ReconcileSuccess=False UnsupportedOperation, and observedGeneration stays at
     * 1 (setReconcileSuccess moves it only on success): the step fails at once with the operator's
     * message instead of waiting for a generation the operator never records.
     */
    @Test
    void aRefusedScaleDownFailsTheStepAtOnceWithTheOperatorsMessage() throws Exception {
        Environment production = TestSpecs.validated(TestSpecs.exampleYaml("codedang-production").replace("codedang-production", "mq-scale"));
        step.apply(context(StepContext.Command.APPLY, production, 1));
        MessagingStep oneReplica = new MessagingStep(new EnvironmentApplier(service, settings), new BrokerCheck(service, endpoints),
                new MessagingProperties(1, null, null, null, null, null));
        long started = System.nanoTime();

        assertThatThrownBy(() -> oneReplica.apply(context(StepContext.Command.APPLY, production, 2))).isInstanceOf(StepFailure.class)
                .hasMessage("mq-scale-rabbitmq: UnsupportedOperation: Cluster Scale down not supported; tried to scale cluster from 3 nodes to 1 nodes");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        GenericKubernetesResource rabbit = cluster.client().genericKubernetesResources(RabbitmqClusters.KIND.context()).inNamespace(production.namespace())
                .withName("mq-scale-rabbitmq").get();
        assertThat(rabbit.getMetadata().getGeneration()).isEqualTo(2L);
        assertThat(((Number) ((Map<?, ?>) rabbit.getAdditionalProperties().get("status")).get("observedGeneration")).longValue()).isEqualTo(1L);
        assertThat(cluster.client().apps().statefulSets().inNamespace(production.namespace()).withName("mq-scale-rabbitmq-server").get()
                .getSpec().getReplicas()).as("nothing changed").isEqualTo(3);
    }

    /**
     * After an update the cluster operator's conditions are computed from the StatefulSet as it
     * was (rabbitmqcluster_controller.go line 139): AllReplicasReady=True and observedGeneration 2
     * while the rolling restart has not begun. The step waits for the StatefulSet's rollout, saying
     * so, and is ready once it completes.
     */
    @Test
    void anUpdatedClusterIsReadyOnlyOnceItsStatefulSetHasRolledOut() throws Exception {
        Environment stage = stage("mq-roll", UnaryOperator.identity());
        step.apply(context(StepContext.Command.APPLY, stage, 1));
        MessagingStep moreMemory = new MessagingStep(new EnvironmentApplier(service, settings), new BrokerCheck(service, endpoints),
                new MessagingProperties(null, null, null, null, null, "2Gi"));
        operators.holdClusters(true);
        try {
            CompletableFuture<StepResult> applying = applyAsync(moreMemory, stage, 2);

            await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> assertThat(progress).as("the step's progress").anyMatch(line -> line.startsWith(
                    "mq-roll-rabbitmq: StatefulSet mq-roll-rabbitmq-server: 0/1 pods updated to revision ")));
            GenericKubernetesResource rabbit = cluster.client().genericKubernetesResources(RabbitmqClusters.KIND.context()).inNamespace("mq-roll")
                    .withName("mq-roll-rabbitmq").get();
            Map<?, ?> status = (Map<?, ?>) rabbit.getAdditionalProperties().get("status");
            assertThat(((Number) status.get("observedGeneration")).longValue()).isEqualTo(2L);
            assertThat((List<?>) status.get("conditions")).as("the operator's conditions run ahead of the rollout")
                    .anySatisfy(c -> assertThat(List.of(((Map<?, ?>) c).get("type"), ((Map<?, ?>) c).get("status")))
                            .containsExactly("AllReplicasReady", "True"));
            readyOnceReleased(applying, "mq-roll");
        } finally {
            operators.holdClusters(false);
        }
    }

    /**
     * cluster-operator reconcile_tls.go lines 28-31 and 45-49: a TLS Secret that is not there is
     * ReconcileSuccess=False TLSError with the API's error; observedGeneration never moves, and the
     * cluster's readiness fails at once with the operator's reason and message.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aClusterWhoseTlsSecretIsMissingFailsWithTheOperatorsTlsError() {
        Environment stage = stage("mq-tls", UnaryOperator.identity());
        GenericKubernetesResource rabbit = RabbitmqClusters.desired(stage, MessagingProperties.standard());
        ((Map<String, Object>) rabbit.getAdditionalProperties().get("spec")).put("tls", Map.of("secretName", "mq-tls-rabbitmq-tls"));
        EnvironmentApplier applier = new EnvironmentApplier(service, settings);

        assertThatThrownBy(() -> applier.apply(MessagingObjects.target(stage, 1),
                List.of(List.of(Desired.custom(RabbitmqClusters.KIND, rabbit, RabbitmqReadiness.cluster()))), progress::add))
                .isInstanceOf(StepFailure.class).hasMessage("mq-tls-rabbitmq: TLSError: secrets \"mq-tls-rabbitmq-tls\" not found");
    }

    @Test
    void aBindingRemovedInGeneration2IsGoneFromTheBroker() throws Exception {
        step.apply(context(StepContext.Command.APPLY, stage("mq-prune", UnaryOperator.identity()), 1));
        String path = "/bindings/" + ManagementApi.enc(operators.brokerVhost("mq-prune", "mq-prune-rabbitmq", "vh"))
                + "/e/plag.e.direct.check/q/plag.q.check.result";
        assertThat(operators.management().get(path)).contains("\"routing_key\":\"check.result\"");

        StepResult second = step.apply(context(StepContext.Command.APPLY, stage("mq-prune", yaml -> yaml.replace(
                "      - { exchange: plag.e.direct.check, queue: plag.q.check.result, routingKey: check.result }\n", "")), 2));

        assertThat(second.outputs()).containsEntry("pruned", "Binding binding-plag.e.direct.check-5plag.q.check.result-5check.result");
        await().atMost(Duration.ofMinutes(2)).until(() -> operators.management().get(path).equals("[]"));
    }

    @Test
    void releaseRemovesTopologyUsersAndVhostAndLeavesOtherEnvironmentsAlone() throws Exception {
        Environment gone = stage("mq-gone", UnaryOperator.identity());
        Environment kept = stage("mq-kept", UnaryOperator.identity());
        step.apply(context(StepContext.Command.APPLY, gone, 1));
        step.apply(context(StepContext.Command.APPLY, kept, 1));
        String goneVhost = ManagementApi.enc(operators.brokerVhost("mq-gone", "mq-gone-rabbitmq", "vh"));
        String goneUser = username(gone, "mq-gone-rabbitmq-iris-user-credentials");

        step.release(context(StepContext.Command.DELETE, gone, 1));

        assertThat(cluster.client().genericKubernetesResources(RabbitmqClusters.KIND.context()).inNamespace("mq-gone").list().getItems()).isEmpty();
        await().atMost(Duration.ofMinutes(2)).until(() -> operators.management().get("/vhosts").indexOf("sim.mq-gone.") < 0);
        assertThat(operators.management().get("/users/" + ManagementApi.enc(goneUser))).contains("Object Not Found");
        assertThat(operators.management().get("/vhosts/" + goneVhost)).contains("Object Not Found");
        assertThat(new BrokerCheck(cluster.client(), endpoints).check(kept)).isEqualTo("2 exchanges, 4 queues, 3 users");
        assertThat(cluster.client().namespaces().withName("mq-gone").get()).as("its only holder released it").isNull();
        assertThat(cluster.client().namespaces().withName("mq-kept").get()).isNotNull();
    }

    /** A step held by its cluster's rollout is still waiting, and succeeds once the rollout completes. */
    private static void readyOnceReleased(CompletableFuture<StepResult> applying, String environment) {
        assertThat(applying).isNotDone();
        operators.releaseCluster(environment, environment + "-rabbitmq");
        assertThat(applying).succeedsWithin(Duration.ofSeconds(60));
    }

    private static Environment stage(String name, UnaryOperator<String> change) {
        return TestSpecs.validated(change.apply(TestSpecs.exampleYaml("codedang-stage").replace("codedang-stage", name)));
    }

    private StepContext context(StepContext.Command command, Environment environment, long generation) {
        return StepContext.direct(command, environment, generation, progress::add);
    }

    private CompletableFuture<StepResult> applyAsync(Environment environment, long generation) {
        return applyAsync(step, environment, generation);
    }

    private CompletableFuture<StepResult> applyAsync(MessagingStep step, Environment environment, long generation) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return step.apply(context(StepContext.Command.APPLY, environment, generation));
            } catch (InterruptedException e) {
                throw new CompletionException(e);
            }
        }, TestThreads.forBlockingSteps());
    }

    private static Connection connect(Environment environment, String secret) throws Exception {
        InetSocketAddress address = endpoints.resolve(environment.namespace(), environment.name() + "-rabbitmq", 5672);
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(address.getHostString());
        factory.setPort(address.getPort());
        factory.setVirtualHost("vh");
        factory.setUsername(username(environment, secret));
        factory.setPassword(password(environment, secret));
        return factory.newConnection();
    }

    private static String username(Environment environment, String secret) {
        return value(environment, secret, "username");
    }

    private static String password(Environment environment, String secret) {
        return value(environment, secret, "password");
    }

    private static String value(Environment environment, String name, String key) {
        Secret secret = cluster.client().secrets().inNamespace(environment.namespace()).withName(name).get();
        String plain = secret.getStringData() == null ? null : secret.getStringData().get(key);
        return plain != null ? plain : new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
}
