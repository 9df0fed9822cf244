package io.envsaga.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.envsaga.contracts.spec.Environment;
import io.envsaga.kubernetes.EnvironmentApplier;
import io.envsaga.kubernetes.KubernetesSettings;
import io.envsaga.kubernetes.Labels;
import io.envsaga.participant.StepContext;
import io.envsaga.participant.StepContexts;
import io.envsaga.participant.StepFailure;
import io.envsaga.participant.StepResult;
import io.envsaga.testsupport.kubernetes.KubernetesTestCluster;
import io.envsaga.simulation.kubernetes.RequestLog;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import io.envsaga.simulation.operators.SimulatedCertManager;
import io.envsaga.simulation.operators.SimulatedGatewayController;
import io.envsaga.simulation.operators.SimulatedIngressControllers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The workload step against fabric8's mock API server (CRUD mode, taught server-side apply); the
 * harness plays the controllers. Each test has an environment (and namespace) of its own.
 */
class WorkloadStepTest {

    @RegisterExtension
    static final KubernetesTestCluster cluster = new KubernetesTestCluster();
    private static final java.util.concurrent.ExecutorService STEPS = io.envsaga.testsupport.concurrency.TestThreads.forBlockingSteps();

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Environment STAGE = Specs.example("codedang-stage");

    private final KubernetesSettings settings = new KubernetesSettings(null, null, Duration.ofSeconds(60), Duration.ofSeconds(30), 3);
    private final WorkloadStep step = new WorkloadStep(new EnvironmentApplier(cluster.client(), settings), WorkloadProperties.standard(), settings);
    private final List<String> progress = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> controllers = new ArrayList<>();

    /** Traefik's Gateway provider and cert-manager, as the real ones answer (their javadoc cites the sources). */
    static SimulatedIngressControllers ingress;
    static SimulatedCertManager certManager;

    @BeforeAll
    static void startIngressControllers() {
        ingress = new SimulatedIngressControllers(cluster.client());
        certManager = ingress.certManager();
    }

    @AfterAll
    static void stopIngressControllers() {
        ingress.close();
    }

    @AfterEach
    void stopControllers() throws Exception {
        for (AutoCloseable controller : controllers) {
            controller.close();
        }
    }

    @Test
    void applyingCodedangStageCreatesExactlyTheGoldenObjectsWithTheLabels() {
        autoRollouts("codedang-stage");

        StepResult result = apply(STAGE, 1).join();

        assertThat(result.skipped()).isFalse();
        assertThat(result.outputs()).containsEntry("namespace", "codedang-stage").containsEntry("url", "https://stage.codedang.com")
                .containsEntry("services", "client-api,admin-api,frontend");
        Map<String, JsonNode> inCluster = comparable(objectsOf("codedang-stage", true));
        Map<String, JsonNode> golden = comparable(Golden.read("codedang-stage"));
        assertThat(inCluster.keySet()).containsExactlyInAnyOrderElementsOf(golden.keySet());
        golden.forEach((key, expected) -> assertThat(inCluster.get(key)).as(key).isEqualTo(expected));
        assertThat(objectsOf("codedang-stage", false)).allSatisfy(o -> assertThat(o.getMetadata().getLabels())
                .containsEntry(Labels.MANAGED_BY, "envsaga").containsEntry(Labels.ENVIRONMENT, "codedang-stage")
                .containsEntry(Labels.GENERATION, "1").containsEntry(Labels.STEP, "workloads"));
    }

    @Test
    void applyingTheSameGenerationAgainChangesNothing() {
        Environment env = Specs.renamed(STAGE, "stage-again");
        autoRollouts("stage-again");
        apply(env, 1).join();
        Map<String, String> before = versions(objectsOf("stage-again", true));
        int mark = cluster.requests().mark();

        apply(env, 1).join();

        assertThat(versions(objectsOf("stage-again", true))).isEqualTo(before);
        List<RequestLog.Request> writes = cluster.requests().since(mark, r -> r.isWrite() && !r.resourcePath().endsWith("/status"));
        assertThat(writes).extracting(RequestLog.Request::verb).containsOnly("POST", "APPLY"); // the namespace's create answers 409
        assertThat(writes).filteredOn(r -> r.verb().equals("APPLY")).hasSize(8);
    }

    @Test
    void aWorkloadRemovedFromTheSpecIsPrunedInTheNextGeneration() {
        Environment env = Specs.renamed(STAGE, "stage-prune");
        autoRollouts("stage-prune");
        apply(env, 1).join();

        StepResult result = apply(Specs.withoutWorkload(env, "admin-api"), 2).join();

        KubernetesClient client = cluster.client();
        assertThat(client.apps().deployments().inNamespace("stage-prune").list().getItems()).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrder("client-api", "frontend", "iris");
        assertThat(client.services().inNamespace("stage-prune").list().getItems()).extracting(s -> s.getMetadata().getName())
                .containsExactlyInAnyOrder("client-api", "frontend");
        assertThat(objectsOf("stage-prune", false)).allSatisfy(o -> assertThat(o.getMetadata().getLabels()).containsEntry(Labels.GENERATION, "2"));
        Ingress ingress = client.network().v1().ingresses().inNamespace("stage-prune").withName("stage-prune").get();
        assertThat(ingress.getSpec().getRules().get(0).getHttp().getPaths()).extracting(p -> p.getPath()).containsExactly("/api", "/");
        assertThat(result.outputs().get("pruned")).isEqualTo("Service admin-api,Deployment admin-api");
    }

    @Test
    void switchingTheIngressKindReplacesTheIngressWithAnIngressRouteAndItsCertificate() {
        Environment env = Specs.renamed(STAGE, "stage-kind");
        autoRollouts("stage-kind");
        apply(env, 1).join();

        apply(WorkloadRenderingTest.withIngressKind(env, "IngressRoute"), 2).join();

        KubernetesClient client = cluster.client();
        assertThat(client.network().v1().ingresses().inNamespace("stage-kind").list().getItems()).isEmpty();
        assertThat(client.genericKubernetesResources(Ingresses.INGRESS_ROUTE.context()).inNamespace("stage-kind").list().getItems())
                .extracting(r -> r.getMetadata().getName()).containsExactly("stage-kind");
        assertThat(client.genericKubernetesResources(Ingresses.CERTIFICATE.context()).inNamespace("stage-kind").list().getItems())
                .singleElement().satisfies(c -> assertThat(c.getMetadata().getLabels()).containsEntry(Labels.GENERATION, "2"));
    }

    /**
     * Traefik's Helm chart makes its Gateway's listeners allow routes from their own namespace
     * only (allowedRoutes.namespaces.from defaults to Same): the route is refused, and the step
     * says so within seconds instead of passing with no traffic.
     */
    @Test
    void anHTTPRouteItsGatewayDoesNotAllowFailsWithinSecondsWithTheControllersReason() {
        ingress.install(SimulatedGatewayController.gateway("traefik", "same-only", SimulatedGatewayController.Listener.http("web", 8000, null)));
        Environment env = withIngress(Specs.renamed(STAGE, "route-refused"), "HTTPRoute", "letsencrypt-dns01");
        autoRollouts("route-refused");

        String reason = failure(apply(withGateway("same-only"), env, 1), Duration.ofSeconds(15));

        assertThat(reason).isEqualTo("route-refused: Gateway traefik/same-only refused it: Accepted=False NotAllowedByListeners: "
                + "no listener of the Gateway allows routes from this namespace (its allowedRoutes)");
    }

    @Test
    @SuppressWarnings("unchecked")
    void anHTTPRouteWaitsNamingItsGatewayUntilTheGatewayAcceptsIt() throws Exception {
        Environment env = withIngress(Specs.renamed(STAGE, "route-late"), "HTTPRoute", "letsencrypt-dns01");
        autoRollouts("route-late");

        CompletableFuture<StepResult> applying = apply(withGateway("late-gateway"), env, 1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(progress).contains(
                "route-late: waiting for Gateway traefik/late-gateway to accept it (its controller has written no status for it yet)"));
        assertThat(applying).isNotDone();
        ingress.install(SimulatedGatewayController.gateway("traefik", "late-gateway", SimulatedGatewayController.Listener.http("web", 8000, "All")));

        assertThat(applying.get(30, java.util.concurrent.TimeUnit.SECONDS).outputs()).containsEntry("url", "https://stage.codedang.com");
        Map<String, Object> parent = ((List<Map<String, Object>>) ((Map<String, Object>) cluster.client()
                .genericKubernetesResources(Ingresses.HTTP_ROUTE.context()).inNamespace("route-late").withName("route-late").get()
                .getAdditionalProperties().get("status")).get("parents")).get(0);
        assertThat(parent).containsEntry("controllerName", "traefik.io/gateway-controller");
    }

    @Test
    void aCertificateCertManagerFailsToIssueFailsTheStepWithinSecondsWithItsMessage() {
        certManager.refuse("refusing-acme", "Failed to wait for order resource \"cert-refused-tls-1\" to become ready: order is in \"invalid\" state: ");
        Environment env = withIngress(Specs.renamed(STAGE, "cert-refused"), "IngressRoute", "refusing-acme");
        autoRollouts("cert-refused");

        String reason = failure(apply(env, 1), Duration.ofSeconds(15));

        assertThat(reason).isEqualTo("cert-refused-tls: cert-manager could not issue it: Failed: The certificate request has failed to complete "
                + "and will be retried: Failed to wait for order resource \"cert-refused-tls-1\" to become ready: order is in \"invalid\" state:");
    }

    @Test
    void aCertificateNotIssuedYetKeepsTheStepWaitingWithCertManagersReason() throws Exception {
        Environment env = withIngress(Specs.renamed(STAGE, "cert-late"), "IngressRoute", "slow-acme");
        autoRollouts("cert-late");
        CompletableFuture<StepResult> applying;

        try (AutoCloseable held = certManager.hold("slow-acme")) {
            applying = apply(env, 1);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(progress).contains("cert-late-tls: waiting for cert-manager to issue it: "
                    + "Ready=False DoesNotExist: Issuing certificate as Secret does not exist"));
            assertThat(applying).isNotDone();
        }

        assertThat(applying.get(30, java.util.concurrent.TimeUnit.SECONDS).skipped()).isFalse();
        assertThat(cluster.client().secrets().inNamespace("cert-late").withName("cert-late-tls").get().getType()).isEqualTo("kubernetes.io/tls");
    }

    private static Environment withIngress(Environment env, String kind, String clusterIssuer) {
        var s = env.spec();
        var ingress = new io.envsaga.contracts.spec.IngressSpec(io.envsaga.contracts.spec.IngressKind.valueOf(kind), s.ingress().host(),
                new io.envsaga.contracts.spec.IngressSpec.Tls(clusterIssuer), s.ingress().routes());
        return new Environment(env.apiVersion(), env.kind(), env.metadata(), new io.envsaga.contracts.spec.EnvironmentSpec(s.tier(),
                s.namespace(), s.cluster(), s.dns(), ingress, s.workloads(), s.messaging(), s.cache(), s.storage()));
    }

    private WorkloadStep withGateway(String name) {
        return new WorkloadStep(new EnvironmentApplier(cluster.client(), settings),
                new WorkloadProperties(null, new WorkloadProperties.Gateway(name, "traefik", null), null), settings);
    }

    @Test
    void rollbackOfAGenerationKeepsWhatANewerGenerationStamped() throws Exception {
        Environment env = Specs.renamed(STAGE, "stage-back");
        autoRollouts("stage-back");
        apply(env, 5).join();

        step.release(StepContexts.of(StepContext.Command.ROLLBACK, env, 4, progress::add));

        assertThat(objectsOf("stage-back", true)).hasSize(9);
        step.release(StepContexts.of(StepContext.Command.ROLLBACK, env, 5, progress::add));
        assertThat(objectsOf("stage-back", true)).isEmpty();
    }

    @Test
    void aSpecWithoutWorkloadsAnswersSkippedAndPrunesWhatAnEarlierGenerationRan() {
        Environment env = Specs.renamed(Specs.example("codedang-preview"), "preview-empty");
        autoRollouts("preview-empty");
        apply(env, 1).join();
        var s = env.spec();
        Environment empty = new Environment(env.apiVersion(), env.kind(), env.metadata(), new io.envsaga.contracts.spec.EnvironmentSpec(
                s.tier(), s.namespace(), s.cluster(), s.dns(), null, List.of(), null, null, null));

        StepResult result = apply(empty, 2).join();

        assertThat(result.skipped()).isTrue();
        assertThat(objectsOf("preview-empty", false)).isEmpty();
    }

    @Test
    void theStepSucceedsOnlyOnceTheRolloutsAreComplete() {
        Environment env = Specs.renamed(STAGE, "stage-gate");
        CompletableFuture<StepResult> applying = apply(env, 1);
        awaitDeployments("stage-gate", "client-api", "admin-api", "frontend", "iris");
        await().atMost(Duration.ofMinutes(2)).until(() -> progress.contains("client-api 0/2 available"));

        cluster.controllers().partialRollout("stage-gate", "client-api", 1);
        await().atMost(Duration.ofMinutes(2)).until(() -> progress.contains("client-api 1/2 available"));
        for (String name : List.of("client-api", "admin-api", "frontend")) {
            cluster.controllers().completeRollout("stage-gate", name);
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> progress.contains("frontend 1/1 available"));
        assertThat(applying).as("iris is not rolled out yet").isNotDone();

        cluster.controllers().completeRollout("stage-gate", "iris");

        assertThat(applying).succeedsWithin(Duration.ofMinutes(2));
        assertThat(progress).contains("client-api 2/2 available", "iris 0/2 available", "iris 2/2 available");
    }

    @Test
    void anImageThatCannotBePulledFailsTheStepWithinSecondsNamingTheImage() {
        String image = "ghcr.io/skkuding/codedang-client-api:sha-missing";
        Environment env = Specs.withWorkloads(Specs.renamed(STAGE, "stage-pull"),
                w -> w.name().equals("client-api") ? Specs.withImage(w, image) : w);
        CompletableFuture<StepResult> applying = apply(env, 1);
        awaitDeployments("stage-pull", "client-api");

        cluster.controllers().failPod("stage-pull", "client-api", "ImagePullBackOff", "Back-off pulling image \"" + image + "\"");

        assertThat(failure(applying, Duration.ofSeconds(5)))
                .startsWith("client-api: ImagePullBackOff for image " + image);
    }

    @Test
    void aContainerInCrashLoopFailsTheStepWithItsLastTerminationMessage() {
        CompletableFuture<StepResult> applying = apply(Specs.renamed(STAGE, "stage-crash"), 1);
        awaitDeployments("stage-crash", "frontend");

        cluster.controllers().crashLoop("stage-crash", "frontend", 3, "Error: Cannot find module '/app/server.js'");

        assertThat(failure(applying, Duration.ofSeconds(5))).isEqualTo(
                "frontend: CrashLoopBackOff after 3 restarts of container frontend, last exit code 1: Error: Cannot find module '/app/server.js'");
    }

    @Test
    void anUnschedulablePodFailsTheStepWithTheSchedulersMessage() {
        CompletableFuture<StepResult> applying = apply(Specs.renamed(STAGE, "stage-sched"), 1);
        awaitDeployments("stage-sched", "iris");

        cluster.controllers().unschedulable("stage-sched", "iris", "0/3 nodes are available: 3 Insufficient cpu.");

        assertThat(failure(applying, Duration.ofSeconds(5))).isEqualTo("iris: Unschedulable: 0/3 nodes are available: 3 Insufficient cpu.");
    }

    @Test
    void aDeploymentOfTheSameNameNotMadeByEnvsagaFailsTheStepAndIsLeftUntouched() {
        KubernetesClient client = cluster.client();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("stage-foreign").endMetadata().build()).create();
        Deployment theirs = client.apps().deployments().inNamespace("stage-foreign").resource(new DeploymentBuilder()
                .withNewMetadata().withName("frontend").addToLabels("team", "web").endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "theirs").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "theirs").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx:1.27").endContainer().endSpec().endTemplate()
                .endSpec().build()).create();
        int mark = cluster.requests().mark();

        String reason = failure(apply(Specs.renamed(STAGE, "stage-foreign"), 1), Duration.ofSeconds(5));

        assertThat(reason).isEqualTo("Deployment stage-foreign/frontend already exists and it was not made by envsaga; "
                + "left untouched: rename the workload or remove that object");
        Deployment after = client.apps().deployments().inNamespace("stage-foreign").withName("frontend").get();
        assertThat(after.getMetadata().getResourceVersion()).isEqualTo(theirs.getMetadata().getResourceVersion());
        assertThat(after.getMetadata().getLabels()).isEqualTo(Map.of("team", "web"));
        assertThat(cluster.requests().since(mark, r -> r.verb().equals("APPLY") || r.verb().equals("DELETE"))).isEmpty();
        assertThat(client.apps().deployments().inNamespace("stage-foreign").list().getItems()).hasSize(1);
    }

    @Test
    void anOlderGenerationIsNeverAppliedOverANewerOne() {
        Environment env = Specs.renamed(STAGE, "stage-order");
        autoRollouts("stage-order");
        apply(env, 3).join();
        int mark = cluster.requests().mark();

        String reason = failure(apply(Specs.withoutWorkload(env, "admin-api"), 2), Duration.ofSeconds(5));

        assertThat(reason).contains("Deployment stage-order/client-api carries generation 3, newer than generation 2");
        assertThat(cluster.requests().since(mark, r -> r.verb().equals("APPLY") || r.verb().equals("DELETE"))).isEmpty();
        assertThat(objectsOf("stage-order", false)).hasSize(8)
                .allSatisfy(o -> assertThat(o.getMetadata().getLabels()).containsEntry(Labels.GENERATION, "3"));
    }

    @Test
    void releaseRemovesEveryObjectOfTheEnvironmentInOrderAndNothingElse() throws Exception {
        Environment stage = Specs.renamed(STAGE, "stage-rel");
        Environment preview = Specs.renamed(Specs.example("codedang-preview"), "preview-rel");
        autoRollouts("stage-rel", "preview-rel");
        apply(stage, 1).join();
        apply(preview, 1).join();
        Map<String, String> previewBefore = versions(objectsOf("preview-rel", true));
        int mark = cluster.requests().mark();

        step.release(StepContexts.of(StepContext.Command.DELETE, stage, 2, progress::add));

        assertThat(objectsOf("stage-rel", true)).isEmpty();
        assertThat(cluster.client().namespaces().withName("stage-rel").get()).isNull();
        assertThat(versions(objectsOf("preview-rel", true))).isEqualTo(previewBefore).hasSize(4);
        List<String> deletes = cluster.requests().since(mark, r -> r.verb().equals("DELETE")).stream()
                .map(r -> r.resourcePath().replaceAll("^/apis?/([^/]+/)?v1/(namespaces/stage-rel/)?", "")).toList();
        assertThat(deletes).containsExactly("ingresses/stage-rel", "services/client-api", "services/admin-api", "services/frontend",
                "deployments/client-api", "deployments/admin-api", "deployments/frontend", "deployments/iris", "namespaces/stage-rel");
    }

    @Test
    void releaseKeepsANamespaceEnvsagaDidNotCreateOrThatHoldsVolumeClaims() throws Exception {
        KubernetesClient client = cluster.client();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shared-ns").endMetadata().build()).create();
        Environment production = Specs.example("codedang-production");
        Environment inShared = new Environment(production.apiVersion(), production.kind(), new io.envsaga.contracts.spec.Metadata("prod-rel"),
                new io.envsaga.contracts.spec.EnvironmentSpec(production.spec().tier(), "shared-ns", null, production.spec().dns(),
                        production.spec().ingress(), production.spec().workloads(), production.spec().messaging(),
                        production.spec().cache(), null));
        Environment stage = Specs.renamed(STAGE, "stage-pvc");
        autoRollouts("shared-ns", "stage-pvc");
        apply(inShared, 1).join();
        apply(stage, 1).join();
        client.persistentVolumeClaims().inNamespace("stage-pvc").resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName("data-stage-pvc-postgres-0").endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").withNewResources().addToRequests("storage", new Quantity("5Gi"))
                .endResources().endSpec().build()).create();
        Service messagingOwned = client.services().inNamespace("stage-pvc").resource(new ServiceBuilder()
                .withNewMetadata().withName("stage-pvc-rabbitmq").withLabels(Labels.of("stage-pvc", "messaging", 1)).endMetadata()
                .withNewSpec().addNewPort().withPort(5672).endPort().endSpec().build()).create();

        step.release(StepContexts.of(StepContext.Command.DELETE, inShared, 1, progress::add));
        step.release(StepContexts.of(StepContext.Command.DELETE, stage, 1, progress::add));

        assertThat(objectsOf("shared-ns", false)).isEmpty();
        assertThat(client.namespaces().withName("shared-ns").get()).isNotNull();
        assertThat(objectsOf("stage-pvc", false)).isEmpty();
        assertThat(client.namespaces().withName("stage-pvc").get()).isNotNull();
        assertThat(client.services().inNamespace("stage-pvc").withName("stage-pvc-rabbitmq").get().getMetadata().getResourceVersion())
                .isEqualTo(messagingOwned.getMetadata().getResourceVersion());
    }

    @Test
    void oneApplyOfCodedangStageCostsOneWritePerObjectPlusTheWatches() {
        Environment env = Specs.renamed(STAGE, "stage-bench");
        autoRollouts("stage-bench");
        int mark = cluster.requests().mark();

        apply(env, 1).join();

        Map<String, Long> counts = stepRequestsSince(mark);
        System.out.println("BENCHMARK workload-service first apply of codedang-stage: " + counts);
        // 1 namespace create + 8 objects applied; 6 managed kinds listed once; 2 informers (Deployments, Pods): LIST + WATCH each
        assertThat(counts).isEqualTo(Map.of("POST", 1L, "APPLY", 8L, "LIST", 8L, "WATCH", 2L));

        int again = cluster.requests().mark();
        apply(env, 2).join();
        Map<String, Long> next = stepRequestsSince(again);
        System.out.println("BENCHMARK workload-service next generation of codedang-stage: " + next);
        // the namespace exists now: one GET to keep its Pod Security level current
        assertThat(next).isEqualTo(Map.of("POST", 1L, "GET", 1L, "APPLY", 8L, "LIST", 8L, "WATCH", 2L));
    }

    // --- helpers

    /** Requests by verb, without the harness's rollout controller's status writes (PUT .../status). */
    private static Map<String, Long> stepRequestsSince(int mark) {
        return cluster.requests().since(mark, r -> !r.resourcePath().endsWith("/status")).stream()
                .collect(Collectors.groupingBy(RequestLog.Request::verb, TreeMap::new, Collectors.counting()));
    }

    private CompletableFuture<StepResult> apply(Environment environment, long generation) {
        return apply(step, environment, generation);
    }

    private CompletableFuture<StepResult> apply(WorkloadStep step, Environment environment, long generation) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return step.apply(StepContexts.of(StepContext.Command.APPLY, environment, generation, progress::add));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
        }, STEPS);
    }

    private static String failure(CompletableFuture<StepResult> applying, Duration within) {
        assertThat(applying).failsWithin(within);
        Throwable cause = applying.handle((r, e) -> e instanceof CompletionException ? e.getCause() : e).join();
        assertThat(cause).isInstanceOf(StepFailure.class);
        return cause.getMessage();
    }

    private void autoRollouts(String... namespaces) {
        controllers.add(cluster.controllers().autoCompleteRollouts(namespaces));
    }

    private static void awaitDeployments(String namespace, String... names) {
        await().atMost(Duration.ofMinutes(2)).until(() -> cluster.client().apps().deployments().inNamespace(namespace).list().getItems()
                .stream().map(d -> d.getMetadata().getName()).toList().containsAll(List.of(names)));
    }

    /** The step's kinds in the namespace (and the namespace itself when asked). */
    private static List<HasMetadata> objectsOf(String namespace, boolean withNamespace) {
        KubernetesClient client = cluster.client();
        List<HasMetadata> objects = new ArrayList<>();
        if (withNamespace && client.namespaces().withName(namespace).get() != null) {
            objects.add(client.namespaces().withName(namespace).get());
        }
        objects.addAll(client.apps().deployments().inNamespace(namespace).list().getItems());
        objects.addAll(client.services().inNamespace(namespace).list().getItems());
        objects.addAll(client.network().v1().ingresses().inNamespace(namespace).list().getItems());
        for (var kind : List.of(Ingresses.INGRESS_ROUTE, Ingresses.HTTP_ROUTE, Ingresses.CERTIFICATE)) {
            objects.addAll(client.genericKubernetesResources(kind.context()).inNamespace(namespace).list().getItems());
        }
        objects.removeIf(o -> o.getMetadata().getLabels() != null && "messaging".equals(o.getMetadata().getLabels().get(Labels.STEP)));
        return objects;
    }

    private static Map<String, String> versions(List<HasMetadata> objects) {
        return objects.stream().collect(Collectors.toMap(o -> o.getKind() + "/" + o.getMetadata().getName(),
                o -> o.getMetadata().getResourceVersion()));
    }

    /** Objects as comparable trees, without what the server sets (uid, versions, timestamps, status). */
    private static Map<String, JsonNode> comparable(List<HasMetadata> objects) {
        Map<String, JsonNode> byKey = new TreeMap<>();
        for (HasMetadata object : objects) {
            ObjectNode tree = (ObjectNode) SERIALIZATION.convertValue(object, JsonNode.class);
            ObjectNode metadata = (ObjectNode) tree.get("metadata");
            metadata.remove(List.of("uid", "resourceVersion", "creationTimestamp", "generation", "managedFields"));
            tree.remove("status");
            byKey.put(object.getKind() + "/" + object.getMetadata().getName(), tree);
        }
        return byKey;
    }
}
