package io.envsaga.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** What the sandbox's tests do as a user would: the REST API with the token, kubectl with the kubeconfig. */
final class SandboxClient {

    static final Path KUBECTL = Path.of("/usr/bin/kubectl");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Sandbox sandbox;

    SandboxClient(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    static Path example(String name) {
        return Path.of("..", "..", "examples", name + ".yaml");
    }

    /**
     * What the command does: starts the sandbox, prints the start block to {@code printed}, then
     * applies the {@code --apply} files through the API.
     */
    static Sandbox startAndApply(SandboxOptions options, java.io.ByteArrayOutputStream printed) {
        java.io.PrintStream out = new java.io.PrintStream(printed, true, StandardCharsets.UTF_8);
        long begin = System.nanoTime();
        Sandbox sandbox = Sandbox.start(options, out);
        sandbox.announceAndApply(out, Duration.ofNanos(System.nanoTime() - begin).toMillis());
        return sandbox;
    }

    /** Deletes a bus prefix's queues and exchanges: what a run leaves on the machine's RabbitMQ. */
    static void deleteBus(java.net.InetSocketAddress broker, String busPrefix) {
        org.springframework.amqp.rabbit.connection.CachingConnectionFactory connections =
                new org.springframework.amqp.rabbit.connection.CachingConnectionFactory(broker.getHostString(), broker.getPort());
        org.springframework.amqp.rabbit.core.RabbitAdmin admin = new org.springframework.amqp.rabbit.core.RabbitAdmin(connections);
        io.envsaga.contracts.bus.BusTopology topology = new io.envsaga.contracts.bus.BusTopology(busPrefix,
                io.envsaga.contracts.bus.BusTopology.DEFAULT_DELIVERY_LIMIT);
        topology.allQueues(io.envsaga.sandbox.cluster.SandboxCluster.CODEDANG.stream()
                .map(io.envsaga.sandbox.cluster.SandboxCluster.Definition::name).toList()).forEach(admin::deleteQueue);
        topology.allExchanges().forEach(admin::deleteExchange);
        connections.destroy();
    }

    /**
     * The broker users the operators made for codedang-stage (its cluster's default user and the
     * spec's three), after checking that they and the cluster's vhost {@code vh} are on {@code admin}'s broker.
     */
    List<String> brokerUsersOn(io.envsaga.sandbox.qpid.QpidBrokerAdmin admin, String env) {
        assertThat(admin.vhosts()).anySatisfy(vhost -> assertThat(vhost).startsWith("sim." + env + ".").endsWith(":vh"));
        List<String> users = new ArrayList<>();
        users.add(secret(env, io.envsaga.kubernetes.names.ConnectionNames.rabbitmqDefaultUserSecret(env), "username"));
        for (String user : List.of("client-api", "admin-api", "iris")) {
            users.add(secret(env, io.envsaga.kubernetes.names.ConnectionNames.rabbitmqUserSecret(env, user), "username"));
        }
        assertThat(admin.users()).containsAll(users);
        return users;
    }

    /** Waits until the environment's vhosts and {@code users} are gone from {@code admin}'s broker. */
    static void awaitGoneFrom(io.envsaga.sandbox.qpid.QpidBrokerAdmin admin, String env, List<String> users) {
        assertThat(users).hasSize(4);
        Awaitility.await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            assertThat(admin.vhosts()).noneSatisfy(vhost -> assertThat(vhost).startsWith("sim." + env + "."));
            assertThat(admin.users()).doesNotContainAnyElementsOf(users);
        });
    }

    JsonNode environment(String name) {
        HttpResponse<String> response = sandbox.api("GET", "/api/v1/environments/" + name);
        return response.statusCode() == 200 ? read(response.body()) : null;
    }

    /**
     * Waits until the environment is in {@code phase} at a generation of at least {@code generation};
     * if it does not get there, fails with what the API last said (phase, reasons, steps).
     */
    JsonNode awaitPhase(String name, String phase, long generation, Duration timeout) {
        java.util.concurrent.atomic.AtomicReference<JsonNode> last = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            return Awaitility.await().dontCatchUncaughtExceptions().atMost(timeout).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        JsonNode env = environment(name);
                        last.set(env);
                        return env;
                    }, env -> env != null && phase.equals(env.path("phase").asText()) && env.path("generation").asLong() >= generation);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            JsonNode env = last.get();
            throw new AssertionError(name + " not " + phase + " at generation " + generation + " within " + timeout + "; the API says: "
                    + (env == null ? "404" : ((com.fasterxml.jackson.databind.node.ObjectNode) env.deepCopy()).without("spec")), e);
        }
    }

    JsonNode history(String name) {
        HttpResponse<String> response = sandbox.api("GET", "/api/v1/environments/" + name + "/history");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return read(response.body());
    }

    /** Submits a spec document (YAML) through the API. */
    HttpResponse<String> submit(String yaml) throws IOException {
        Path file = Files.createTempFile("spec", ".yaml");
        Files.writeString(file, yaml);
        return sandbox.apply(file);
    }

    /** Runs the real kubectl with the sandbox's kubeconfig; returns what it printed. */
    String kubectl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(KUBECTL.toString(), "--kubeconfig", sandbox.file("kubeconfig").toString(),
                "--cache-dir", sandbox.file("kube-cache").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }

    /**
     * A value of a Secret in the sandbox's Kubernetes API, as a workload gets it (never printed:
     * the tests only hand it to a client).
     */
    String secret(String namespace, String name, String key) {
        io.fabric8.kubernetes.api.model.Secret secret = sandbox.cluster().client().secrets().inNamespace(namespace).withName(name).get();
        assertThat(secret).as("Secret %s/%s", namespace, name).isNotNull();
        if (secret.getStringData() != null && secret.getStringData().get(key) != null) {
            return secret.getStringData().get(key);
        }
        assertThat(secret.getData()).as("Secret %s/%s key %s", namespace, name, key).containsKey(key);
        return new String(java.util.Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }

    /** Where a Service of the environment answers: what the simulated operators registered (cluster DNS in a real cluster). */
    java.net.InetSocketAddress service(String namespace, String service, int port) {
        return sandbox.endpoints().resolve(namespace, service, port);
    }

    /** An S3 client of the environment's MinIO, as a workload configures one (storage-service's, also meant for tests). */
    static software.amazon.awssdk.services.s3.S3Client s3(java.net.InetSocketAddress address, String accessKey, String secretKey) {
        return io.envsaga.storage.BucketCheck.client(address, accessKey, secretKey, Duration.ofSeconds(10));
    }

    /** A connection to the environment's vhost as one of its users, as that workload would: the Service's address, the user's Secret. */
    com.rabbitmq.client.Connection amqp(String env, String vhost, String user) throws Exception {
        java.net.InetSocketAddress address = service(env, io.envsaga.kubernetes.names.ConnectionNames.rabbitmqService(env),
                io.envsaga.kubernetes.names.ConnectionNames.RABBITMQ_PORT);
        com.rabbitmq.client.ConnectionFactory factory = new com.rabbitmq.client.ConnectionFactory();
        factory.setHost(address.getHostString());
        factory.setPort(address.getPort());
        factory.setVirtualHost(vhost);
        String secret = io.envsaga.kubernetes.names.ConnectionNames.rabbitmqUserSecret(env, user);
        factory.setUsername(secret(env, secret, "username"));
        factory.setPassword(secret(env, secret, "password"));
        factory.setAutomaticRecoveryEnabled(false);
        return factory.newConnection();
    }

    /**
     * As {@code client-api}: publishes a submission to {@code iris.e.direct.judge} (mandatory, so an
     * unroutable message would come back before the confirm), waits for the confirm and takes the
     * message from {@code client.q.judge.submission}.
     */
    void publishesAJudgeSubmissionAsClientApi(String env) throws Exception {
        try (com.rabbitmq.client.Connection connection = amqp(env, "vh", "client-api");
             com.rabbitmq.client.Channel channel = connection.createChannel()) {
            java.util.concurrent.atomic.AtomicBoolean returned = new java.util.concurrent.atomic.AtomicBoolean();
            channel.addReturnListener(r -> returned.set(true));
            channel.confirmSelect();
            channel.basicPublish("iris.e.direct.judge", "judge.submission", true, null,
                    "{\"submission\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            channel.waitForConfirmsOrDie(10_000);
            assertThat(returned).as("the message was routed").isFalse();
            com.rabbitmq.client.GetResponse got = org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2))
                    .until(() -> channel.basicGet("client.q.judge.submission", true), r -> r != null);
            assertThat(new String(got.getBody(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("{\"submission\":1}");
        }
    }

    /** The operators' objects (RabbitMQ cluster and topology, Redis, MinIO Tenant) of the environment, by envsaga's label. */
    List<String> operatorObjects(String environment) {
        List<io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext> kinds = new ArrayList<>(List.of(
                io.envsaga.simulation.operators.SimulatedRabbitmqOperators.CLUSTER, io.envsaga.simulation.operators.SimulatedRabbitmqOperators.VHOST,
                io.envsaga.simulation.operators.SimulatedRabbitmqOperators.EXCHANGE, io.envsaga.simulation.operators.SimulatedRabbitmqOperators.QUEUE,
                io.envsaga.simulation.operators.SimulatedRabbitmqOperators.BINDING, io.envsaga.simulation.operators.SimulatedRabbitmqOperators.USER,
                io.envsaga.simulation.operators.SimulatedRabbitmqOperators.PERMISSION,
                io.envsaga.simulation.operators.SimulatedRedisOperator.REDIS, io.envsaga.simulation.operators.SimulatedMinioOperator.TENANT));
        List<String> found = new ArrayList<>();
        for (var kind : kinds) {
            sandbox.cluster().client().genericKubernetesResources(kind).inAnyNamespace().withLabel("envsaga.io/environment", environment)
                    .list().getItems().forEach(o -> found.add(kind.getKind() + " " + o.getMetadata().getName()));
        }
        return found;
    }

    /**
     * Every object of the environment (by envsaga's label) on one cluster's API server, as
     * "Kind namespace/name": the workloads', the operators' and their Secrets, claims and StatefulSets.
     */
    static List<String> objectsOn(io.envsaga.sandbox.cluster.SandboxCluster cluster, String environment) {
        var client = cluster.api().client();
        String label = "envsaga.io/environment";
        List<io.fabric8.kubernetes.api.model.HasMetadata> all = new ArrayList<>();
        all.addAll(client.apps().deployments().inAnyNamespace().withLabel(label, environment).list().getItems());
        all.addAll(client.apps().statefulSets().inAnyNamespace().withLabel(label, environment).list().getItems());
        all.addAll(client.services().inAnyNamespace().withLabel(label, environment).list().getItems());
        all.addAll(client.network().v1().ingresses().inAnyNamespace().withLabel(label, environment).list().getItems());
        all.addAll(client.secrets().inAnyNamespace().withLabel(label, environment).list().getItems());
        all.addAll(client.configMaps().inAnyNamespace().withLabel(label, environment).list().getItems());
        all.addAll(client.persistentVolumeClaims().inAnyNamespace().withLabel(label, environment).list().getItems());
        for (var kind : List.of(io.envsaga.simulation.operators.SimulatedRabbitmqOperators.CLUSTER,
                io.envsaga.simulation.operators.SimulatedRabbitmqOperators.QUEUE, io.envsaga.simulation.operators.SimulatedRabbitmqOperators.USER,
                io.envsaga.simulation.operators.SimulatedRedisOperator.REDIS, io.envsaga.simulation.operators.SimulatedMinioOperator.TENANT)) {
            all.addAll(client.genericKubernetesResources(kind).inAnyNamespace().withLabel(label, environment).list().getItems());
        }
        return all.stream().map(o -> o.getKind() + " " + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName()).toList();
    }

    /** Logs in to one of the environment's databases as its workloads do: the Service's address, the credentials' Secret. */
    java.sql.Connection database(String env, String database) throws java.sql.SQLException {
        java.net.InetSocketAddress address = service(env, io.envsaga.kubernetes.names.ConnectionNames.postgres(env),
                io.envsaga.kubernetes.names.ConnectionNames.POSTGRES_PORT);
        String secret = io.envsaga.kubernetes.names.ConnectionNames.postgresCredentialsSecret(env);
        return java.sql.DriverManager.getConnection("jdbc:postgresql://" + address.getHostString() + ":" + address.getPort() + "/" + database,
                secret(env, secret, "username"), secret(env, secret, "password"));
    }

    /** Runs {@code use} on a connection to the environment's Redis (no password: the spec has no {@code auth}). */
    void redis(String env, java.util.function.Consumer<io.lettuce.core.api.sync.RedisCommands<String, String>> use) {
        java.net.InetSocketAddress address = service(env, io.envsaga.kubernetes.names.ConnectionNames.redis(env),
                io.envsaga.kubernetes.names.ConnectionNames.REDIS_PORT);
        io.lettuce.core.RedisClient redis = io.lettuce.core.RedisClient.create(io.lettuce.core.RedisURI.create(address.getHostString(),
                address.getPort()));
        try (var connection = redis.connect()) {
            use.accept(connection.sync());
        } finally {
            redis.shutdown();
        }
    }

    /**
     * Deletes the environment through the API and waits for {@code deleted}; then nothing of it is
     * left by envsaga's label: no workload, StatefulSet, Service, Ingress or ConfigMap (kubectl) and
     * no operator object (the API).
     */
    void deleteAndAwaitReleased(String env, long generation, Duration timeout) throws IOException, InterruptedException {
        assertThat(sandbox.api("DELETE", "/api/v1/environments/" + env).statusCode()).isEqualTo(202);
        awaitPhase(env, "deleted", generation, timeout);
        assertThat(kubectl("get", "deploy,statefulset,svc,ingress,configmap", "-A", "-l", "envsaga.io/environment=" + env))
                .contains("No resources found");
        assertThat(operatorObjects(env)).isEmpty();
    }

    /** The step's outputs of the environment's GET, as {@code key=value} text (what the "outputs shown" means). */
    static JsonNode outputs(JsonNode environment, String step) {
        JsonNode s = environment.path("steps").path(step);
        assertThat(s.path("status").asText()).as("step %s: %s", step, s).isEqualTo("succeeded");
        return s.path("outputs");
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }
}
