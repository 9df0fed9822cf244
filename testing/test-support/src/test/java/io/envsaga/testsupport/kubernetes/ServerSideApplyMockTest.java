package io.envsaga.testsupport.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The mock API server's server-side apply, CRDs and request counting. */
class ServerSideApplyMockTest {

    @RegisterExtension
    static final KubernetesTestCluster cluster = new KubernetesTestCluster();

    private static final PatchContext APPLY = new PatchContext.Builder().withPatchType(PatchType.SERVER_SIDE_APPLY)
            .withFieldManager("envsaga").withForce(true).build();
    private static final ResourceDefinitionContext RABBITMQ_CLUSTER = new ResourceDefinitionContext.Builder().withGroup("rabbitmq.com")
            .withVersion("v1beta1").withKind("RabbitmqCluster").withPlural("rabbitmqclusters").withNamespaced(true).build();

    @Test
    void anApplyPatchCreatesWhenAbsentAndMergesWhenPresent() {
        KubernetesClient client = cluster.client();
        ConfigMap created = client.configMaps().inNamespace("ssa").resource(configMap(Map.of("a", "1"))).patch(APPLY);
        assertThat(created.getMetadata().getUid()).isNotBlank();
        assertThat(created.getMetadata().getResourceVersion()).isNotBlank();

        ConfigMap merged = client.configMaps().inNamespace("ssa").resource(configMap(Map.of("b", "2"))).patch(APPLY);

        // maps merge (a real server would also drop "a", which this manager no longer applies: not emulated)
        assertThat(merged.getData()).isEqualTo(Map.of("a", "1", "b", "2"));
        assertThat(merged.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
        assertThat(Long.parseLong(merged.getMetadata().getResourceVersion()))
                .isGreaterThan(Long.parseLong(created.getMetadata().getResourceVersion()));
    }

    @Test
    void aWatchFromBeforeADeletionIsAnsweredGoneSoThatTheInformerListsAgain() throws Exception {
        KubernetesClient client = cluster.client();
        client.configMaps().inNamespace("gone").resource(configMap(Map.of("a", "1"))).create();
        String listed = client.configMaps().inNamespace("gone").list().getMetadata().getResourceVersion();
        client.configMaps().inNamespace("gone").withName("settings").delete();
        java.util.concurrent.CompletableFuture<io.fabric8.kubernetes.client.WatcherException> closed = new java.util.concurrent.CompletableFuture<>();
        java.util.List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();

        // the deletion came between the list and the watch: the mock cannot replay it, a real server would
        io.fabric8.kubernetes.client.Watch watch = null;
        try {
            watch = client.configMaps().inNamespace("gone").withResourceVersion(listed).watch(new io.fabric8.kubernetes.client.Watcher<>() {
                @Override
                public void eventReceived(Action action, ConfigMap resource) {
                    events.add(action + " " + resource.getMetadata().getName());
                }

                @Override
                public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {
                    closed.complete(cause);
                }
            });
        } catch (io.fabric8.kubernetes.client.KubernetesClientException refused) {
            closed.complete(new io.fabric8.kubernetes.client.WatcherException(refused.getMessage(), refused));
        }
        assertThat(closed).succeedsWithin(java.time.Duration.ofMinutes(2))
                .satisfies(cause -> assertThat(cause.isHttpGone()).as(String.valueOf(cause)).isTrue());
        assertThat(events).doesNotContain("ADDED settings");
        if (watch != null) {
            watch.close();
        }

        // from the resourceVersion of a list made after the deletion, the watch is served as before
        String now = client.configMaps().inNamespace("gone").list().getMetadata().getResourceVersion();
        try (io.fabric8.kubernetes.client.Watch fresh = client.configMaps().inNamespace("gone").withResourceVersion(now)
                .watch(new io.fabric8.kubernetes.client.Watcher<>() {
                    @Override
                    public void eventReceived(Action action, ConfigMap resource) {
                        events.add(action + " " + resource.getMetadata().getName());
                    }

                    @Override
                    public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {
                    }
                })) {
            client.configMaps().inNamespace("gone").resource(configMap(Map.of("b", "2"))).create();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(2)).until(() -> events.contains("ADDED settings"));
        }
    }

    @Test
    void listsAreReplacedAndTheGenerationMovesOnlyWithTheSpec() {
        KubernetesClient client = cluster.client();
        Deployment first = client.apps().deployments().inNamespace("ssa").resource(deployment("lists", "a", "b")).patch(APPLY);

        Deployment second = client.apps().deployments().inNamespace("ssa").resource(deployment("lists", "a")).patch(APPLY);

        assertThat(second.getSpec().getTemplate().getSpec().getContainers()).extracting(c -> c.getName()).containsExactly("a");
        assertThat(second.getMetadata().getGeneration()).isEqualTo(first.getMetadata().getGeneration() + 1);
    }

    @Test
    void reApplyingTheSameConfigurationChangesNothing() {
        KubernetesClient client = cluster.client();
        Deployment first = client.apps().deployments().inNamespace("ssa").resource(deployment("same", "same")).patch(APPLY);
        cluster.controllers().completeRollout("ssa", "same");
        String afterRollout = client.apps().deployments().inNamespace("ssa").withName("same").get().getMetadata().getResourceVersion();

        Deployment again = client.apps().deployments().inNamespace("ssa").resource(deployment("same", "same")).patch(APPLY);

        assertThat(again.getMetadata().getResourceVersion()).isEqualTo(afterRollout);
        assertThat(again.getMetadata().getGeneration()).isEqualTo(first.getMetadata().getGeneration());
        assertThat(again.getStatus().getAvailableReplicas()).as("status kept").isEqualTo(1);
    }

    @Test
    void customResourcesKeepTheirStatusAcrossApplies() {
        KubernetesClient client = cluster.client();
        client.genericKubernetesResources(RABBITMQ_CLUSTER).inNamespace("ssa").resource(rabbitmqCluster(1)).patch(APPLY);
        cluster.controllers().setCondition(RABBITMQ_CLUSTER, "ssa", "mq", "AllReplicasReady", "True", "Ready", "all ready");

        GenericKubernetesResource applied = client.genericKubernetesResources(RABBITMQ_CLUSTER).inNamespace("ssa")
                .resource(rabbitmqCluster(3)).patch(APPLY);

        assertThat(applied.get("spec", "replicas").toString()).isEqualTo("3");
        assertThat((List<?>) applied.get("status", "conditions")).hasSize(1);
    }

    @Test
    void theOperatorsKindsAreServedWithAStatusSubresource() {
        KubernetesClient client = cluster.client();
        for (String[] kind : new String[][] {{"traefik.io/v1alpha1", "IngressRoute"}, {"gateway.networking.k8s.io/v1", "HTTPRoute"},
                {"cert-manager.io/v1", "Certificate"}, {"rabbitmq.com/v1beta1", "RabbitmqCluster"}, {"rabbitmq.com/v1beta1", "Exchange"},
                {"rabbitmq.com/v1beta1", "Queue"}, {"rabbitmq.com/v1beta1", "Binding"}, {"rabbitmq.com/v1beta1", "User"},
                {"rabbitmq.com/v1beta1", "Permission"}, {"redis.redis.opstreelabs.in/v1beta2", "Redis"}, {"minio.min.io/v2", "Tenant"}}) {
            // found through API discovery, as a client that knows only apiVersion and kind finds them
            assertThat(client.genericKubernetesResources(kind[0], kind[1]).inNamespace("crds").list().getItems()).as(kind[1]).isEmpty();
        }
        client.genericKubernetesResources(RABBITMQ_CLUSTER).inNamespace("crds").resource(rabbitmqCluster(1)).patch(APPLY);
        cluster.controllers().setCondition(RABBITMQ_CLUSTER, "crds", "mq", "AllReplicasReady", "True", "Ready", "all ready");
        GenericKubernetesResource current = client.genericKubernetesResources(RABBITMQ_CLUSTER).inNamespace("crds").withName("mq").get();
        current.setAdditionalProperty("status", Map.of("conditions", List.of()));

        GenericKubernetesResource updated = client.genericKubernetesResources(RABBITMQ_CLUSTER).inNamespace("crds").resource(current).update();

        assertThat((List<?>) updated.get("status", "conditions")).as("a plain update leaves the status alone").hasSize(1);
    }

    /** CrdSchemas: the paths structured-merge-diff names, several at once, as a real server's apply answers (500, no reason). */
    @Test
    void anApplyWithFieldsTheCrdDoesNotDeclareIsRefusedWithEachFieldsPath() {
        ResourceDefinitionContext tenants = new ResourceDefinitionContext.Builder().withGroup("minio.min.io").withVersion("v2")
                .withKind("Tenant").withPlural("tenants").withNamespaced(true).build();
        GenericKubernetesResource tenant = new GenericKubernetesResourceBuilder().withApiVersion("minio.min.io/v2").withKind("Tenant")
                .withNewMetadata().withName("store").endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("pools", List.of(Map.of("name", "pool-0", "servers", 1, "volumesPerServer", 1,
                        "serverCount", 4, "volumeClaimTemplate", Map.of("spec", Map.of("resources", Map.of("requests", Map.of("storage", "1Gi")))))),
                        "bucket", "media"))).build();

        io.fabric8.kubernetes.client.KubernetesClientException refused = org.assertj.core.api.Assertions.catchThrowableOfType(
                io.fabric8.kubernetes.client.KubernetesClientException.class,
                () -> cluster.client().genericKubernetesResources(tenants).inNamespace("schemas").resource(tenant).patch(APPLY));

        assertThat(refused.getCode()).isEqualTo(500);
        assertThat(refused.getStatus().getReason()).isNull();
        assertThat(refused.getStatus().getMessage()).startsWith("failed to create typed patch object (schemas/store; minio.min.io/v2, Kind=Tenant): errors:\n  ")
                .contains("\n  .spec.pools[name=\"pool-0\"].serverCount: field not declared in schema")
                .contains("\n  .spec.bucket: field not declared in schema");
        assertThat(cluster.client().genericKubernetesResources(tenants).inNamespace("schemas").withName("store").get()).isNull();
    }

    @Test
    void aCustomKindWithoutItsCrdIsNotServed() {
        ResourceDefinitionContext widgets = new ResourceDefinitionContext.Builder().withGroup("example.com").withVersion("v1")
                .withKind("Widget").withPlural("widgets").withNamespaced(true).build();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cluster.client().genericKubernetesResources(widgets).inNamespace("x").list())
                .isInstanceOfSatisfying(io.fabric8.kubernetes.client.KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
    }

    @Test
    void closingAWatchWhileEventsAreOnTheirWayDoesNotStallTheServer() throws Exception {
        KubernetesClient client = cluster.client();
        client.configMaps().inNamespace("stall").resource(configMap(Map.of("n", "0"))).patch(APPLY);
        for (int round = 0; round < 20; round++) {
            var informer = client.configMaps().inNamespace("stall").inform();
            java.util.concurrent.CompletableFuture<Void> burst = java.util.concurrent.CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 20; i++) {
                    client.configMaps().inNamespace("stall").resource(configMap(Map.of("n", Integer.toString(i)))).patch(APPLY);
                }
            });
            informer.close();
            long start = System.nanoTime();
            burst.get(2, java.util.concurrent.TimeUnit.MINUTES);
            client.configMaps().inNamespace("stall").withName("settings").get();
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).as("round %d", round).isLessThan(java.time.Duration.ofSeconds(3));
        }
    }

    @Test
    void aDeleteWhosePreconditionIsStaleIsRefusedWithAConflictAndAMergePatchRemovesALabel() {
        KubernetesClient client = cluster.client();
        io.fabric8.kubernetes.api.model.Namespace created = client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata().withName("preconditions").addToLabels(Map.of("a", "1", "b", "2")).endMetadata().build()).create();
        io.fabric8.kubernetes.api.model.Namespace patched = client.namespaces().withName("preconditions")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"a\":null}}}");
        assertThat(patched.getMetadata().getLabels()).isEqualTo(Map.of("b", "2"));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.namespaces().withName("preconditions")
                        .lockResourceVersion(created.getMetadata().getResourceVersion()).delete())
                .isInstanceOfSatisfying(io.fabric8.kubernetes.client.KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(client.namespaces().withName("preconditions").get()).isNotNull();

        client.namespaces().withName("preconditions").lockResourceVersion(patched.getMetadata().getResourceVersion()).delete();
        assertThat(client.namespaces().withName("preconditions").get()).isNull();
    }

    @Test
    void everyRequestIsCountedByVerb() {
        KubernetesClient client = cluster.client();
        int mark = cluster.requests().mark();

        client.configMaps().inNamespace("count").resource(configMap(Map.of("k", "v"))).patch(APPLY);
        client.configMaps().inNamespace("count").list();
        client.configMaps().inNamespace("count").withName("settings").get();
        client.configMaps().inNamespace("count").withName("settings").delete();

        assertThat(cluster.requests().countByVerb(mark)).isEqualTo(Map.of("APPLY", 1L, "LIST", 1L, "GET", 1L, "DELETE", 1L));
    }

    private static ConfigMap configMap(Map<String, String> data) {
        return new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata().withData(data).build();
    }

    private static Deployment deployment(String name, String... containers) {
        DeploymentBuilder builder = new DeploymentBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata().withNewSpec().endSpec().endTemplate().endSpec();
        for (String container : containers) {
            builder.editSpec().editTemplate().editSpec().addNewContainer().withName(container).withImage("img/" + container + ":1")
                    .endContainer().endSpec().endTemplate().endSpec();
        }
        return builder.build();
    }

    private static GenericKubernetesResource rabbitmqCluster(int replicas) {
        return new GenericKubernetesResourceBuilder().withApiVersion("rabbitmq.com/v1beta1").withKind("RabbitmqCluster")
                .withNewMetadata().withName("mq").endMetadata().withAdditionalProperties(Map.of("spec", Map.of("replicas", replicas))).build();
    }
}
