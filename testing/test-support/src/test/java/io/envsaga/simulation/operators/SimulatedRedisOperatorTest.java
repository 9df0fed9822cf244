package io.envsaga.simulation.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.envsaga.kubernetes.endpoint.FixedEndpoints;
import io.envsaga.testsupport.kubernetes.KubernetesTestCluster;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The simulated Opstree operator runs real redis-server processes and reports as the real one does. */
class SimulatedRedisOperatorTest {

    @RegisterExtension
    static final KubernetesTestCluster cluster = new KubernetesTestCluster();
    private static final FixedEndpoints endpoints = new FixedEndpoints();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static SimulatedRedisOperator operator;
    private static RedisClient redisClient;

    @BeforeAll
    static void start() {
        operator = new SimulatedRedisOperator(cluster, endpoints);
        redisClient = RedisClient.create();
    }

    @AfterAll
    static void stop() {
        operator.close();
        redisClient.shutdown();
    }

    @Test
    void aRedisWithPasswordAndSettingsRunsARealServerWithThemAndNoStatus() throws Exception {
        String ns = namespace("sim-auth");
        configMap(ns, "cache-config", "maxmemory 2097152\nmaxmemory-policy volatile-ttl\n");
        secret(ns, "cache-auth", "s3cret-pass");
        create(ns, redis("cache", "cache-config", "cache-auth"));

        Pod pod = awaitPod(ns, "cache-0", p -> ready(p));

        assertThat(pod.getMetadata().getLabels()).containsEntry("app", "cache").containsEntry("redis_setup_type", "standalone")
                .containsEntry("role", "standalone").containsEntry("team", "cache");
        assertThat(pod.getMetadata().getAnnotations()).containsEntry("example/hash", "1");
        InetSocketAddress address = endpoints.resolve(ns, "cache", 6379);
        assertThat(address.getPort()).isEqualTo(operator.port(ns, "cache").getAsInt());
        try (StatefulRedisConnection<String, String> redis = connect(address, "s3cret-pass")) {
            assertThat(redis.sync().configGet("maxmemory", "maxmemory-policy", "save", "appendonly"))
                    .containsEntry("maxmemory", "2097152").containsEntry("maxmemory-policy", "volatile-ttl")
                    .containsEntry("save", "").containsEntry("appendonly", "no");
        }
        // over a plain socket: Lettuce's own handshake failure can surface as another exception on a busy machine
        assertThat(answerTo(address, "AUTH wrong")).startsWith("-WRONGPASS");
        KubernetesClient client = cluster.client();
        GenericKubernetesResource stored = client.genericKubernetesResources(SimulatedRedisOperator.REDIS).inNamespace(ns).withName("cache").get();
        assertThat(stored.getAdditionalProperties().get("status")).as("the operator writes no status for a Redis").isNull();
        assertThat(stored.getMetadata().getFinalizers()).containsExactly("redisFinalizer");
        assertThat(client.services().inNamespace(ns).list().getItems()).extracting(s -> s.getMetadata().getName())
                .containsExactlyInAnyOrder("cache", "cache-headless", "cache-additional");
        assertThat(client.apps().statefulSets().inNamespace(ns).withName("cache").get().getStatus().getReadyReplicas()).isEqualTo(1);
    }

    @Test
    void anInvalidSettingCrashLoopsWithRedisServersOwnReport() {
        String ns = namespace("sim-bad");
        configMap(ns, "bad-config", "maxmemory-policy lots\n");
        create(ns, redis("bad", "bad-config", null));

        Pod pod = awaitPod(ns, "bad-0", p -> status(p) != null && status(p).getRestartCount() == SimulatedRedisOperator.RESTARTS);

        ContainerStatus status = status(pod);
        assertThat(status.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
        assertThat(status.getLastState().getTerminated().getExitCode()).isEqualTo(1);
        assertThat(status.getLastState().getTerminated().getMessage()).contains("*** FATAL CONFIG FILE ERROR (Redis")
                .contains(">>> 'maxmemory-policy lots'").contains("argument(s) must be one of the following");
        assertThat(operator.port(ns, "bad")).isEmpty();
    }

    @Test
    void aPodWaitsForItsSecretAndStartsOnceItExists() {
        String ns = namespace("sim-wait");
        configMap(ns, "late-config", "maxmemory 1048576\n");
        create(ns, redis("late", "late-config", "late-auth"));

        Pod waiting = awaitPod(ns, "late-0", p -> status(p) != null && status(p).getState().getWaiting() != null);
        assertThat(status(waiting).getState().getWaiting().getReason()).isEqualTo("CreateContainerConfigError");
        assertThat(status(waiting).getState().getWaiting().getMessage()).isEqualTo("secret \"late-auth\" not found");

        secret(ns, "late-auth", "pw");
        awaitPod(ns, "late-0", SimulatedRedisOperatorTest::ready);
    }

    @Test
    void deletingTheRedisStopsItsServerAndOnlyIts() {
        String ns = namespace("sim-del");
        configMap(ns, "c", "maxmemory 1048576\n");
        create(ns, redis("one", "c", null));
        create(ns, redis("two", "c", null));
        awaitPod(ns, "one-0", SimulatedRedisOperatorTest::ready);
        awaitPod(ns, "two-0", SimulatedRedisOperatorTest::ready);
        InetSocketAddress one = endpoints.resolve(ns, "one", 6379);

        cluster.client().genericKubernetesResources(SimulatedRedisOperator.REDIS).inNamespace(ns).withName("one").delete();

        await().atMost(WAIT).until(() -> cluster.client().genericKubernetesResources(SimulatedRedisOperator.REDIS).inNamespace(ns)
                .withName("one").get() == null);
        assertThatThrownBy(() -> connect(one, null)).isInstanceOf(RedisConnectionException.class);
        assertThat(cluster.client().pods().inNamespace(ns).withName("one-0").get()).isNull();
        assertThat(cluster.client().apps().statefulSets().inNamespace(ns).withName("one").get()).isNull();
        try (StatefulRedisConnection<String, String> two = connect(endpoints.resolve(ns, "two", 6379), null)) {
            assertThat(two.sync().ping()).isEqualTo("PONG");
        }
    }

    // --- helpers

    private static String namespace(String name) {
        cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        return name;
    }

    private static void configMap(String ns, String name, String file) {
        cluster.client().configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata()
                .addToData("redis-additional.conf", file).build()).create();
    }

    private static void secret(String ns, String name, String password) {
        cluster.client().secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName(name).endMetadata()
                .addToData("password", Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8))).build()).create();
    }

    private static GenericKubernetesResource redis(String name, String configMap, String secret) {
        Map<String, Object> kubernetesConfig = new LinkedHashMap<>();
        kubernetesConfig.put("image", "quay.io/opstree/redis:v7.0.15");
        if (secret != null) {
            kubernetesConfig.put("redisSecret", Map.of("name", secret, "key", "password"));
        }
        return new GenericKubernetesResourceBuilder().withApiVersion("redis.redis.opstreelabs.in/v1beta2").withKind("Redis")
                .withNewMetadata().withName(name).addToLabels("team", "cache").addToAnnotations("example/hash", "1").endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("kubernetesConfig", kubernetesConfig,
                        "redisConfig", Map.of("additionalRedisConfig", configMap)))).build();
    }

    private static void create(String ns, GenericKubernetesResource redis) {
        cluster.client().genericKubernetesResources(SimulatedRedisOperator.REDIS).inNamespace(ns).resource(redis).create();
    }

    private static Pod awaitPod(String ns, String name, java.util.function.Predicate<Pod> condition) {
        return await().atMost(WAIT).until(() -> cluster.client().pods().inNamespace(ns).withName(name).get(),
                pod -> pod != null && condition.test(pod));
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static ContainerStatus status(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getContainerStatuses().isEmpty() ? null : pod.getStatus().getContainerStatuses().get(0);
    }

    /** The first line the server answers to one inline command. */
    private static String answerTo(InetSocketAddress address, String command) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write((command + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII))
                    .readLine();
        }
    }

    private static StatefulRedisConnection<String, String> connect(InetSocketAddress address, String password) {
        RedisURI.Builder uri = RedisURI.builder().withHost(address.getHostString()).withPort(address.getPort()).withTimeout(Duration.ofSeconds(5));
        if (password != null) {
            uri.withPassword(password.toCharArray());
        }
        return redisClient.connect(uri.build());
    }
}
