package io.envsaga.workload;

import static io.envsaga.testsupport.bus.BusProbe.ofType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventCodec;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Payloads;
import io.envsaga.contracts.events.Step;
import io.envsaga.contracts.spec.Environment;
import io.envsaga.testsupport.bus.BusProbe;
import io.envsaga.testsupport.kubernetes.KubernetesTestCluster;
import io.envsaga.testsupport.services.RabbitMqExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * workload-service end to end: the application, started as in production, consumes the
 * orchestrator's commands from the real RabbitMQ and works against the mock API server, whose
 * controllers the harness plays.
 */
class WorkloadServiceE2ETest {

    @RegisterExtension
    static final RabbitMqExtension rabbit = new RabbitMqExtension();
    @RegisterExtension
    static final KubernetesTestCluster cluster = new KubernetesTestCluster();

    private static ConfigurableApplicationContext service;
    /** Traefik's Gateway provider and cert-manager: routes and certificates are ready only once they answer. */
    private static io.envsaga.simulation.operators.SimulatedIngressControllers ingress;
    private BusProbe probe;
    private final List<AutoCloseable> controllers = new ArrayList<>();

    @BeforeAll
    static void startService() {
        ingress = new io.envsaga.simulation.operators.SimulatedIngressControllers(cluster.client());
        List<String> args = new ArrayList<>(List.of(rabbit.springArguments()));
        args.addAll(List.of("--envsaga.kubernetes.master-url=" + cluster.url(), "--server.port=0", "--spring.main.banner-mode=off",
                "--envsaga.kubernetes.ready-timeout=60s", "--envsaga.participant.retry.initial-backoff=50ms"));
        service = new SpringApplicationBuilder(WorkloadServiceApplication.class).run(args.toArray(String[]::new));
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
        }
        if (ingress != null) {
            ingress.close();
        }
    }

    @BeforeEach
    void startProbe() {
        probe = rabbit.probe();
    }

    @AfterEach
    void stop() throws Exception {
        probe.close();
        for (AutoCloseable controller : controllers) {
            controller.close();
        }
    }

    @Test
    void environmentRequestedEndsInStepWorkloadsSucceededOnceTheRolloutsComplete() {
        Environment env = Specs.renamed(Specs.example("codedang-stage"), "e2e-stage");
        controllers.add(cluster.controllers().autoCompleteRollouts("e2e-stage"));

        publish(EventType.ENVIRONMENT_REQUESTED, env, 1);

        Event<?> succeeded = probe.await(ofType(EventType.STEP_SUCCEEDED, "e2e-stage", 1), Duration.ofMinutes(2));
        assertThat(succeeded.step()).isEqualTo(Step.WORKLOADS);
        assertThat(((Payloads.StepSucceeded) succeeded.data()).outputs()).containsEntry("namespace", "e2e-stage")
                .containsEntry("url", "https://stage.codedang.com");
        assertThat(cluster.client().apps().deployments().inNamespace("e2e-stage").list().getItems()).hasSize(4);
        List<String> progress = probe.events(ofType(EventType.STEP_PROGRESS, "e2e-stage", 1)).stream()
                .map(e -> ((Payloads.StepProgress) e.data()).message()).toList();
        assertThat(progress).contains("client-api 2/2 available", "iris 2/2 available");
    }

    @Test
    void anImageThatCannotBePulledFailsTheStepWithinSecondsWithTheImageInTheReason() {
        String image = "ghcr.io/skkuding/codedang-frontend:pr-does-not-exist";
        Environment env = Specs.withWorkloads(Specs.renamed(Specs.example("codedang-preview"), "e2e-pull"), w -> Specs.withImage(w, image));

        publish(EventType.ENVIRONMENT_REQUESTED, env, 1);
        await().atMost(Duration.ofMinutes(2))
                .until(() -> cluster.client().apps().deployments().inNamespace("e2e-pull").withName("frontend").get() != null);
        long start = System.nanoTime();
        cluster.controllers().failPod("e2e-pull", "frontend", "ImagePullBackOff", "Back-off pulling image \"" + image + "\"");

        Event<?> failed = probe.await(ofType(EventType.STEP_FAILED, "e2e-pull", 1), Duration.ofMinutes(2));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        Payloads.StepFailed data = (Payloads.StepFailed) failed.data();
        assertThat(data.reason()).startsWith("frontend: ImagePullBackOff for image " + image);
        assertThat(data.retryable()).isFalse();
    }

    @Test
    void deletionRequestedReleasesEverythingAndAnswersReleased() {
        Environment env = Specs.renamed(Specs.example("codedang-preview"), "e2e-gone");
        controllers.add(cluster.controllers().autoCompleteRollouts("e2e-gone"));
        publish(EventType.ENVIRONMENT_REQUESTED, env, 1);
        probe.await(ofType(EventType.STEP_SUCCEEDED, "e2e-gone", 1), Duration.ofMinutes(2));

        publish(EventType.ENVIRONMENT_DELETION_REQUESTED, env, 2);

        probe.await(ofType(EventType.STEP_RELEASED, "e2e-gone", 2), Duration.ofMinutes(2));
        assertThat(cluster.client().apps().deployments().inNamespace("e2e-gone").list().getItems()).isEmpty();
        assertThat(cluster.client().services().inNamespace("e2e-gone").list().getItems()).isEmpty();
        assertThat(cluster.client().namespaces().withName("e2e-gone").get()).isNull();
    }

    @Test
    void theNamespaceIsPrivilegedOnlyWhileAPrivilegedWorkloadRunsInIt() {
        Environment plain = Specs.renamed(Specs.example("codedang-preview"), "e2e-psa");
        Environment judge = Specs.withWorkloads(plain, w -> new io.envsaga.contracts.spec.Workload(w.name(), w.image(), w.port(),
                w.replicas(), w.env(), w.uses(), true, w.resources(), w.probes()));
        controllers.add(cluster.controllers().autoCompleteRollouts("e2e-psa"));

        publish(EventType.ENVIRONMENT_REQUESTED, plain, 1);
        probe.await(ofType(EventType.STEP_SUCCEEDED, "e2e-psa", 1), Duration.ofMinutes(2));
        String first = podSecurity("e2e-psa");
        publish(EventType.ENVIRONMENT_REQUESTED, judge, 2);
        probe.await(ofType(EventType.STEP_SUCCEEDED, "e2e-psa", 2), Duration.ofMinutes(2));

        assertThat(first).isEqualTo("baseline");
        assertThat(podSecurity("e2e-psa")).isEqualTo("privileged");
    }

    private static String podSecurity(String namespace) {
        return cluster.client().namespaces().withName(namespace).get().getMetadata().getLabels().get("pod-security.kubernetes.io/enforce");
    }

    /** Each kind of route the spec can ask for, applied and released by the service itself (its RBAC evidence, deploy/). */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = io.envsaga.contracts.spec.IngressKind.class, names = {"IngressRoute", "HTTPRoute"})
    void everyKindOfRouteIsAppliedAndReleased(io.envsaga.contracts.spec.IngressKind kind) {
        String name = "e2e-" + kind.name().toLowerCase(java.util.Locale.ROOT);
        Environment stage = Specs.renamed(Specs.example("codedang-stage"), name);
        io.envsaga.contracts.spec.EnvironmentSpec s = stage.spec();
        io.envsaga.contracts.spec.IngressSpec ingress = new io.envsaga.contracts.spec.IngressSpec(kind, s.ingress().host(), s.ingress().tls(),
                s.ingress().routes());
        Environment env = new Environment(stage.apiVersion(), stage.kind(), stage.metadata(), new io.envsaga.contracts.spec.EnvironmentSpec(
                s.tier(), s.namespace(), s.cluster(), s.dns(), ingress, s.workloads(), s.messaging(), s.cache(), s.storage()));
        controllers.add(cluster.controllers().autoCompleteRollouts(name));

        publish(EventType.ENVIRONMENT_REQUESTED, env, 1);
        probe.await(ofType(EventType.STEP_SUCCEEDED, name, 1), Duration.ofMinutes(2));
        String plural = kind == io.envsaga.contracts.spec.IngressKind.IngressRoute ? "ingressroutes" : "httproutes";
        String group = kind == io.envsaga.contracts.spec.IngressKind.IngressRoute ? "traefik.io/v1alpha1" : "gateway.networking.k8s.io/v1";
        assertThat(cluster.client().genericKubernetesResources(group, kind.name()).inNamespace(name).withName(name).get()).isNotNull();

        publish(EventType.ENVIRONMENT_DELETION_REQUESTED, env, 1);
        probe.await(ofType(EventType.STEP_RELEASED, name, 1), Duration.ofMinutes(2));
        assertThat(cluster.client().genericKubernetesResources(group, kind.name()).inNamespace(name).list().getItems()).as(plural).isEmpty();
    }

    @Test
    void healthIsServedOverHttp() throws Exception {
        int port = Integer.parseInt(service.getEnvironment().getProperty("local.server.port"));
        java.net.http.HttpResponse<String> health = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/actuator/health")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
    }

    private void publish(EventType type, Environment env, long generation) {
        Object data = type == EventType.ENVIRONMENT_REQUESTED ? new Payloads.EnvironmentRequested(env)
                : new Payloads.EnvironmentDeletionRequested(env);
        Event<?> event = Event.of(type, "/test", env.name(), "saga-" + UUID.randomUUID(), generation, null, data);
        rabbit.rabbitTemplate().send(rabbit.topology().eventsExchange(), event.routingKey(), EventCodec.toMessage(event));
    }
}
