package io.envsaga.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Payloads;
import io.envsaga.contracts.events.Step;
import io.envsaga.sandbox.servers.LocalServers;
import io.envsaga.testsupport.route53.RecordSet;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox on a bare machine: nothing listens where it looks for RabbitMQ, PostgreSQL and
 * Redis (the probes point at closed ports), so it runs on its embedded servers, and the applied
 * environments still come up, fail and go away as in production.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxEmbeddedIT {

    @TempDir
    static Path dir;
    static Sandbox sandbox;
    static SandboxClient client;
    static final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @BeforeAll
    static void start() {
        SandboxOptions options = SandboxOptions.defaults().with(dir.resolve(".envsaga"))
                .withProbes(closedPort(), closedPort(), closedPort())
                .withBus("sbx-emb-" + UUID.randomUUID().toString().substring(0, 8), "envsaga_sandbox", 0);
        options = new SandboxOptions(options.directory(), options.apiPort(), options.kubernetesPort(), options.rabbitmq(),
                options.postgres(), options.redis(), options.busPrefix(), options.database(), options.zones(),
                List.of(SandboxClient.spec("sbx-web")));
        sandbox = Sandbox.start(options, new PrintStream(printed, true, StandardCharsets.UTF_8));
        client = new SandboxClient(sandbox);
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static InetSocketAddress closedPort() {
        return new InetSocketAddress("127.0.0.1", LocalServers.freePort());
    }

    @Test
    @Order(1)
    void runsOnEmbeddedServersWhenNothingListensAndWritesItsFiles() throws Exception {
        assertThat(sandbox.servers().broker().description()).startsWith("embedded AMQP broker (Apache Qpid Broker-J");
        assertThat(sandbox.servers().postgres().description()).startsWith("embedded PostgreSQL");
        assertThat(sandbox.servers().redis().description()).startsWith("embedded Redis");
        String token = Files.readString(sandbox.file("token"));
        assertThat(token).hasSizeGreaterThan(40);
        assertThat(Files.readString(sandbox.file("url"))).isEqualTo(sandbox.apiUrl());
        assertThat(Files.readString(sandbox.file("amqp-uri"))).isEqualTo("amqp://guest:guest@127.0.0.1:" + sandbox.servers().broker().port());
        assertThat(Files.readString(sandbox.file("kubeconfig"))).contains("server: " + sandbox.cluster().url().replaceAll("/$", ""));
        // the API wants the token
        assertThat(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(sandbox.apiUrl() + "/api/v1/environments")).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(401);
        assertThat(sandbox.api("GET", "/api/v1/environments").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void anAppliedSpecGoesThroughItsStepsWithEachStepsOutputsPrintedStepByStep() throws Exception {
        HttpResponse<String> accepted = sandbox.apply(SandboxClient.spec("sbx-web"));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

        JsonNode env = Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> client.environment("sbx-web"), e -> e != null
                        && "succeeded".equals(e.path("steps").path("workloads").path("status").asText())
                        && "succeeded".equals(e.path("steps").path("dns").path("status").asText()));

        assertThat(env.path("steps").path("workloads").path("outputs").path("url").asText()).isEqualTo("http://sbx-web.codedang.com");
        assertThat(env.path("steps").path("dns").path("outputs").path("hosts").asText()).isEqualTo("sbx-web.codedang.com");
        assertThat(sandbox.route53().record("codedang.com", "sbx-web.codedang.com", "A")).map(RecordSet::values)
                .contains(List.of("127.0.0.1"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("sbx-web gen 1  requested: the five steps start")
                .contains("sbx-web gen 1 workloads  ... api 2/2 available")
                .contains("sbx-web gen 1 workloads  succeeded: ", "url=http://sbx-web.codedang.com")
                .contains("sbx-web gen 1 dns        succeeded: ", "hosts=sbx-web.codedang.com"));
    }

    @Test
    @Order(3)
    void kubectlListsWhatEnvsagaMade() throws Exception {
        String out = client.kubectl("get", "deploy,svc,ingress", "-A");

        assertThat(out.lines()).anySatisfy(line -> assertThat(line).contains("sbx-web", "deployment.apps/api", "2/2"));
        assertThat(out.lines()).anySatisfy(line -> assertThat(line).contains("sbx-web", "service/frontend", "5525/TCP"));
        assertThat(out.lines()).anySatisfy(line -> assertThat(line).contains("sbx-web", "ingress.networking.k8s.io/sbx-web",
                "sbx-web.codedang.com"));
    }

    @Test
    @Order(4)
    void theHistoryShowsTheSaga() {
        List<String> types = new ArrayList<>();
        client.history("sbx-web").forEach(record -> types.add(record.path("type").asText()));

        assertThat(types).contains("io.envsaga.environment.requested", "io.envsaga.step.succeeded", "io.envsaga.step.progress");
    }

    @Test
    @Order(5)
    void aBrokenImageFailsTheWorkloadsStepWithinSecondsWithTheReason() throws Exception {
        String broken = Files.readString(SandboxClient.spec("sbx-web")).replace("codedang-frontend:sha-1a2b3c", "codedang-frontend:broken");
        long before = System.nanoTime();

        assertThat(client.submit(broken).statusCode()).isEqualTo(202);

        Payloads.StepFailed failed = (Payloads.StepFailed) Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> sandbox.progress().events().stream().filter(e -> e.type() == EventType.STEP_FAILED
                        && e.step() == Step.WORKLOADS && "sbx-web".equals(e.subject())).findFirst(), java.util.Optional::isPresent)
                .orElseThrow().data();
        System.out.printf("BENCHMARK broken image: step.workloads.failed %d ms after the submission%n",
                Duration.ofNanos(System.nanoTime() - before).toMillis());
        assertThat(failed.reason()).contains("frontend", "ImagePullBackOff", "codedang-frontend:broken");
        assertThat(client.kubectl("get", "pods", "-n", "sbx-web")).contains("ImagePullBackOff");
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("sbx-web gen 2 workloads  FAILED: frontend: ImagePullBackOff"));
    }

    @Test
    @Order(6)
    void deletingReleasesWhatTheStepsMade() throws Exception {
        assertThat(sandbox.api("DELETE", "/api/v1/environments/sbx-web").statusCode()).isEqualTo(202);

        Awaitility.await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            assertThat(client.kubectl("get", "deploy,svc,ingress", "-A", "-l", "envsaga.io/environment=sbx-web"))
                    .contains("No resources found");
            assertThat(sandbox.route53().record("codedang.com", "sbx-web.codedang.com", "A")).isEmpty();
        });
    }
}
