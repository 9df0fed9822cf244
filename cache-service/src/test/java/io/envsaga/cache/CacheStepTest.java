package io.envsaga.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.envsaga.contracts.spec.CacheSpec;
import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.EnvironmentSpec;
import io.envsaga.contracts.spec.Metadata;
import io.envsaga.kubernetes.Desired;
import io.envsaga.kubernetes.EnvironmentApplier;
import io.envsaga.kubernetes.KubernetesSettings;
import io.envsaga.kubernetes.ManagedKind;
import io.envsaga.kubernetes.ReadinessRules;
import io.envsaga.kubernetes.Target;
import io.envsaga.kubernetes.endpoint.FixedEndpoints;
import io.envsaga.kubernetes.endpoint.ServiceEndpoints;
import io.envsaga.participant.StepContext;
import io.envsaga.participant.StepContexts;
import io.envsaga.participant.StepFailure;
import io.envsaga.participant.StepResult;
import io.envsaga.testsupport.concurrency.TestThreads;
import io.envsaga.testsupport.kubernetes.KubernetesTestCluster;
import io.envsaga.simulation.operators.SimulatedRedisOperator;
import io.envsaga.simulation.specs.Examples;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cache step against the mock API server and the simulated Opstree operator, which runs a
 * real redis-server per Redis: the step is ready only once lettuce has reached that server,
 * authenticated, had PONG and read back the settings. Each test has an environment of its own.
 */
class CacheStepTest {

    @RegisterExtension
    static final KubernetesTestCluster cluster = new KubernetesTestCluster();
    private static final ExecutorService STEPS = TestThreads.forBlockingSteps();
    private static final FixedEndpoints fixed = new FixedEndpoints();
    /** Namespaces whose Redis the check must find somewhere else than where the operator runs it. */
    private static final Map<String, InetSocketAddress> detours = new ConcurrentHashMap<>();
    private static final ServiceEndpoints endpoints = (ns, service, port) -> detours.containsKey(ns) ? detours.get(ns) : fixed.resolve(ns, service, port);
    private static SimulatedRedisOperator operator;
    /** Generous, for the tests that expect the check to pass on a loaded machine. */
    private static RedisCheck check;
    /** A short deadline: a failing check gives up after 8 s with the client's error. */
    private static RedisCheck shortCheck;
    private static RedisClient redis;
    /** The step's own client, as cache-service's (its User-Agent): its requests are deploy/'s RBAC evidence. */
    private static KubernetesClient serviceClient;

    private final KubernetesSettings settings = new KubernetesSettings(null, null, Duration.ofSeconds(60), Duration.ofSeconds(30), 3);
    private final List<String> progress = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        operator = new SimulatedRedisOperator(cluster, fixed);
        check = new RedisCheck(new CacheProperties.Check(Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofMillis(50), Duration.ofMillis(400)));
        shortCheck = new RedisCheck(new CacheProperties.Check(Duration.ofSeconds(8), Duration.ofSeconds(3), Duration.ofMillis(50), Duration.ofMillis(400)));
        redis = RedisClient.create();
        serviceClient = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty()).withMasterUrl(cluster.url())
                .withTrustCerts(true).withUserAgent("envsaga/cache-service").build()).build();
    }

    @AfterAll
    static void stop() {
        operator.close();
        check.close();
        shortCheck.close();
        redis.shutdown();
        serviceClient.close();
    }

    @Test
    void stageIsReadyOnceTheClientHasSeenPongAndItsSettings() {
        Environment env = renamed(Examples.example("codedang-stage"), "stage-ready");

        StepResult result = apply(env, 1).join();

        assertThat(result.outputs()).containsExactlyInAnyOrderEntriesOf(Map.of("redis", "stage-ready-redis", "service", "stage-ready-redis",
                "port", "6379", "configMap", "stage-ready-redis-config", "maxmemory", "268435456", "maxmemoryPolicy", "allkeys-lru"));
        assertThat(progress).contains("stage-ready-redis pod ready", "stage-ready-redis answers PING with maxmemory 268435456 and allkeys-lru");
        try (StatefulRedisConnection<String, String> connection = connect("stage-ready", null)) {
            assertThat(connection.sync().configGet("maxmemory-policy", "save")).containsEntry("maxmemory-policy", "allkeys-lru")
                    .containsEntry("save", "");
        }
    }

    @Test
    void withAuthTheGeneratedPasswordIsRequiredAndKeptAcrossGenerations() throws IOException {
        Environment env = renamed(Examples.example("codedang-production"), "prod-auth");

        StepResult first = apply(env, 1).join();
        String password = password("prod-auth");
        apply(env, 2).join();

        assertThat(first.outputs()).containsEntry("passwordSecret", "prod-auth-redis-auth").containsEntry("maxmemory", "1073741824");
        assertThat(first.outputs().values()).doesNotContain(password);
        assertThat(password("prod-auth")).as("created once, never rewritten").isEqualTo(password).hasSize(43);
        assertThat(progress).noneMatch(p -> p.contains(password));
        try (StatefulRedisConnection<String, String> connection = connect("prod-auth", password)) {
            assertThat(connection.sync().ping()).isEqualTo("PONG");
        }
        assertThat(unauthenticatedPing(fixed.resolve("prod-auth", "prod-auth-redis", 6379))).startsWith("-NOAUTH");
    }

    @Test
    void aWrongPasswordFailsTheStepWithTheClientsMessage() {
        Environment env = renamed(Examples.example("codedang-production"), "prod-wrongpass");
        apply(env, 1).join();
        // the Secret changed behind the running Redis' back (it reads its password at start)
        Secret secret = cluster.client().secrets().inNamespace("prod-wrongpass").withName("prod-wrongpass-redis-auth").get();
        secret.getData().put("password", java.util.Base64.getEncoder().encodeToString("not-the-password".getBytes()));
        cluster.client().secrets().inNamespace("prod-wrongpass").resource(secret).update();

        String failure = failure(applyWithShortDeadline(env, 2));

        assertThat(failure).startsWith("Redis check failed after 8s: ").contains("WRONGPASS invalid username-password pair")
                .doesNotContain("\n").doesNotContain("not-the-password");
    }

    @Test
    void settingsThatDifferKeepTheStepWaitingUntilTheyMatch() {
        Environment env = renamed(Examples.example("codedang-stage"), "stage-drift");
        apply(env, 1).join();
        try (StatefulRedisConnection<String, String> connection = connect("stage-drift", null)) {
            connection.sync().configSet("maxmemory-policy", "noeviction");
            progress.clear();
            CompletableFuture<StepResult> again = apply(env, 2);
            await().atMost(Duration.ofMinutes(2)).until(() -> progress.contains("Redis check: maxmemory-policy is noeviction, expected allkeys-lru"));
            assertThat(again).isNotDone();

            connection.sync().configSet("maxmemory-policy", "allkeys-lru");

            assertThat(again).succeedsWithin(Duration.ofMinutes(2));
        }
    }

    @Test
    void anEndpointThatNeverAnswersFailsAfterTheDeadlineWithTheClientsError() throws IOException {
        Environment env = renamed(Examples.example("codedang-stage"), "stage-silent");
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            // accepts TCP connections (the kernel's backlog) and never says a word
            detours.put("stage-silent", new InetSocketAddress("127.0.0.1", silent.getLocalPort()));

            String failure = failure(applyWithShortDeadline(env, 1));

            assertThat(failure).startsWith("Redis check failed after 8s: ").contains("timed out").doesNotContain("\n");
        } finally {
            detours.remove("stage-silent");
        }
    }

    @Test
    void aRefusedConnectionFailsWithTheClientsError() throws IOException {
        Environment env = renamed(Examples.example("codedang-stage"), "stage-refused");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        detours.put("stage-refused", new InetSocketAddress("127.0.0.1", closedPort));
        try {
            assertThat(failure(applyWithShortDeadline(env, 1))).contains("Unable to connect to").contains("Connection refused").doesNotContain("\n");
        } finally {
            detours.remove("stage-refused");
        }
    }

    @Test
    void releaseStopsThatEnvironmentsRedisAndNoOther() throws Exception {
        Environment gone = renamed(Examples.example("codedang-production"), "prod-gone");
        Environment kept = renamed(Examples.example("codedang-stage"), "stage-kept");
        apply(gone, 1).join();
        apply(kept, 1).join();
        int port = operator.port("prod-gone", "prod-gone-redis").getAsInt();

        CacheStep step = step(check);
        step.release(StepContexts.of(StepContext.Command.DELETE, gone, 1, progress::add));

        assertThat(operator.port("prod-gone", "prod-gone-redis")).isEmpty();
        assertThat(refuses(port)).as("the server of prod-gone is stopped").isTrue();
        assertThat(cluster.client().genericKubernetesResources(Redises.REDIS.context()).inNamespace("prod-gone").list().getItems()).isEmpty();
        assertThat(cluster.client().secrets().inNamespace("prod-gone").withName("prod-gone-redis-auth").get()).isNull();
        assertThat(cluster.client().configMaps().inNamespace("prod-gone").withName("prod-gone-redis-config").get()).isNull();
        try (StatefulRedisConnection<String, String> other = connect("stage-kept", null)) {
            assertThat(other.sync().ping()).isEqualTo("PONG");
        }
    }

    @Test
    void flushOnReleaseFlushesBeforeDeleting() throws Exception {
        Environment base = renamed(Examples.example("codedang-stage"), "stage-flush");
        Environment env = withCache(base, new CacheSpec("64Mi", null, false, true, null, null));
        apply(env, 1).join();
        try (StatefulRedisConnection<String, String> connection = connect("stage-flush", null)) {
            connection.sync().set("judge:submission:1", "queued");
        }

        step(check).release(StepContexts.of(StepContext.Command.DELETE, env, 1, progress::add));

        assertThat(progress).contains("stage-flush-redis flushed");
        assertThat(operator.port("stage-flush", "stage-flush-redis")).isEmpty();
    }

    @Test
    void flushAllEmptiesTheServer() {
        Environment env = renamed(Examples.example("codedang-stage"), "stage-flushall");
        apply(env, 1).join();
        try (StatefulRedisConnection<String, String> connection = connect("stage-flushall", null)) {
            connection.sync().set("k", "v");

            String problem = check.flushAll(new RedisCheck.Connection(() -> fixed.resolve("stage-flushall", "stage-flushall-redis", 6379), () -> null));

            assertThat(problem).isNull();
            assertThat(connection.sync().dbsize()).isZero();
        }
    }

    @Test
    void aSpecWithoutACacheIsSkippedAndWhatAnEarlierGenerationMadeIsPruned() {
        Environment env = renamed(Examples.example("codedang-stage"), "stage-nocache");
        apply(env, 1).join();

        StepResult result = apply(withCache(env, null), 2).join();

        assertThat(result.skipped()).isTrue();
        await().atMost(Duration.ofMinutes(2)).until(() -> operator.port("stage-nocache", "stage-nocache-redis").isEmpty());
        assertThat(cluster.client().configMaps().inNamespace("stage-nocache").withName("stage-nocache-redis-config").get()).isNull();
    }

    /**
     * Found by the chaos suite (ChaosIT.brokerKilledAndRestartedMidSaga): a late apply of a spec
     * without a cache (redelivered after the broker's restart) ran after the workloads step had
     * released the environment and deleted its namespace, made the namespace again, and nothing
     * deleted it: a failed, released environment kept a namespace. A step with nothing to make
     * must not make the namespace (messaging and storage make it the same way).
     */
    @Test
    void aSpecWithoutACacheMakesNoNamespace() {
        Environment env = withCache(renamed(Examples.example("codedang-stage"), "stage-nocache-released"), null);

        StepResult result = apply(env, 1).join();

        assertThat(result.skipped()).isTrue();
        assertThat(cluster.client().namespaces().withName("stage-nocache-released").get()).as("namespace").isNull();
    }

    /**
     * Defect 2 of docs/reliability.md with a spec that has a cache: the workloads step released the
     * environment and deleted its namespace; a late apply of the cache step (redelivered after the
     * broker's restart) made the namespace and the Redis again; the cache step's release deleted
     * them but, before holders, not the namespace: a released environment kept it.
     */
    @Test
    void aLateApplyAfterTheWorkloadsReleaseLeavesNoNamespaceOnceTheCacheStepReleases() throws Exception {
        Environment env = renamed(Examples.example("codedang-stage"), "stage-late-cache");
        EnvironmentApplier library = new EnvironmentApplier(cluster.client(), settings);
        Target workloads = new Target("stage-late-cache", "stage-late-cache", "workloads", 1,
                List.of(ManagedKind.of(ConfigMap.class)), Target.BASELINE);
        library.apply(workloads, List.of(Desired.of(new ConfigMapBuilder()
                .withNewMetadata().withName("frontend").endMetadata().build(), ReadinessRules.applied())), p -> { });
        library.release(workloads, 1);
        assertThat(cluster.client().namespaces().withName("stage-late-cache").get()).as("released by the workloads step").isNull();

        apply(env, 1).join();
        assertThat(cluster.client().namespaces().withName("stage-late-cache").get()).as("made again by the late apply").isNotNull();
        step(check).release(StepContexts.of(StepContext.Command.ROLLBACK, env, 1, progress::add));

        assertThat(operator.port("stage-late-cache", "stage-late-cache-redis")).isEmpty();
        assertThat(cluster.client().namespaces().withName("stage-late-cache").get()).as("namespace of a released environment").isNull();
    }

    // --- helpers

    private CacheStep step(RedisCheck redisCheck) {
        return new CacheStep(new EnvironmentApplier(serviceClient, settings), serviceClient, endpoints, redisCheck,
                CacheProperties.standard(), settings);
    }

    private CompletableFuture<StepResult> apply(Environment environment, long generation) {
        return apply(environment, generation, check);
    }

    private CompletableFuture<StepResult> applyWithShortDeadline(Environment environment, long generation) {
        return apply(environment, generation, shortCheck);
    }

    private CompletableFuture<StepResult> apply(Environment environment, long generation, RedisCheck redisCheck) {
        CacheStep step = step(redisCheck);
        return TestThreads.supply(STEPS, () -> step.apply(StepContexts.of(StepContext.Command.APPLY, environment, generation, progress::add)));
    }

    private static String failure(CompletableFuture<StepResult> applying) {
        assertThat(applying).failsWithin(Duration.ofMinutes(2));
        Throwable cause = applying.handle((r, e) -> e instanceof CompletionException ? e.getCause() : e).join();
        assertThat(cause).isInstanceOf(StepFailure.class);
        System.out.println("step failed: " + cause.getMessage()); // as the orchestrator reports it
        return cause.getMessage();
    }

    private static String password(String env) {
        return RedisAuthSecrets.password(cluster.client().secrets().inNamespace(env).withName(env + "-redis-auth").get());
    }

    private static StatefulRedisConnection<String, String> connect(String env, String password) {
        InetSocketAddress address = fixed.resolve(env, env + "-redis", 6379);
        RedisURI.Builder uri = RedisURI.builder().withHost(address.getHostString()).withPort(address.getPort()).withTimeout(Duration.ofSeconds(5));
        if (password != null) {
            uri.withPassword(password.toCharArray());
        }
        return redis.connect(uri.build());
    }

    /** PING without a password, on a plain socket: the server's own first answer (RESP). */
    private static String unauthenticatedPing(InetSocketAddress address) throws IOException {
        try (java.net.Socket socket = new java.net.Socket(address.getHostString(), address.getPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("PING\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII))
                    .readLine();
        }
    }

    private static boolean refuses(int port) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    static Environment renamed(Environment environment, String name) {
        EnvironmentSpec s = environment.spec();
        return new Environment(environment.apiVersion(), environment.kind(), new Metadata(name),
                new EnvironmentSpec(s.tier(), name, s.cluster(), s.dns(), s.ingress(), s.workloads(), s.messaging(), s.cache(), s.storage()));
    }

    static Environment withCache(Environment environment, CacheSpec cache) {
        return CacheRenderingTest.withCache(environment, cache);
    }
}
