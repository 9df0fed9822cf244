package io.envsaga.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.envsaga.testsupport.concurrency.TestThreads;
import io.envsaga.testsupport.kubernetes.KubernetesTestCluster;
import io.envsaga.simulation.kubernetes.RequestLog;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The environment's namespace is shared by the steps and deleted by the last one to release it
 * (docs/kubernetes-library.md, "The namespace"): two steps of one environment, "workloads" (which
 * sets the Pod Security level) and "cache", each with a ConfigMap of its own.
 */
class NamespaceHoldersTest {

    @RegisterExtension
    static final KubernetesTestCluster cluster = new KubernetesTestCluster();
    private static final ExecutorService STEPS = TestThreads.forBlockingSteps();
    private static final ManagedKind CONFIG_MAP = ManagedKind.of(ConfigMap.class);

    private final KubernetesSettings settings = new KubernetesSettings(null, null, Duration.ofSeconds(30), Duration.ofSeconds(10), 3);
    private final EnvironmentApplier applier = new EnvironmentApplier(cluster.client(), settings);
    private final KubernetesClient client = cluster.client();

    /**
     * The chaos suite's defect 2 with a spec that has a cache: the workloads step released the
     * environment and deleted its namespace; a late apply of the cache step (redelivered after the
     * broker's restart) made it again; the cache step's own release then deleted its objects and,
     * before holders, left the namespace behind for a released environment.
     */
    @Test
    void aLateApplyAfterTheWorkloadsReleaseIsCleanedUpNamespaceIncludedByThatStepsRelease() throws Exception {
        String env = "late-cache";
        applier.apply(workloads(env, 1), List.of(configMap("frontend")), p -> { });
        assertThat(applier.release(workloads(env, 1), 1)).contains("Namespace " + env);

        applier.apply(cache(env, 1), List.of(configMap("redis")), p -> { });
        assertThat(namespace(env)).as("the late apply makes the namespace again").isNotNull();
        List<String> released = applier.release(cache(env, 1), 1);

        assertThat(released).containsExactly("ConfigMap redis", "Namespace " + env);
        assertThat(namespace(env)).as("no namespace is left for a released environment").isNull();
    }

    @Test
    void aStepReleasingWhileAnotherStepsObjectsAreStillThereKeepsTheNamespace() throws Exception {
        String env = "two-holders";
        applier.apply(workloads(env, 1), List.of(configMap("frontend")), p -> { });
        applier.apply(cache(env, 1), List.of(configMap("redis")), p -> { });
        String cacheVersion = client.configMaps().inNamespace(env).withName("redis").get().getMetadata().getResourceVersion();
        assertThat(Labels.holders(namespace(env).getMetadata().getLabels())).containsExactly("cache", "workloads");

        assertThat(applier.release(workloads(env, 1), 1)).containsExactly("ConfigMap frontend");

        assertThat(namespace(env)).as("the cache step still holds it").isNotNull();
        assertThat(Labels.holders(namespace(env).getMetadata().getLabels())).containsExactly("cache");
        assertThat(client.configMaps().inNamespace(env).withName("redis").get().getMetadata().getResourceVersion()).isEqualTo(cacheVersion);

        assertThat(applier.release(cache(env, 1), 1)).containsExactly("ConfigMap redis", "Namespace " + env);
        assertThat(namespace(env)).isNull();
    }

    @Test
    void aNamespaceEnvsagaDidNotMakeForTheEnvironmentIsNeverDeletedNorRelabelled() throws Exception {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("team-web").addToLabels("team", "web")
                .endMetadata().build()).create();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("other-env").withLabels(Map.of(Labels.MANAGED_BY,
                Labels.MANAGER, Labels.ENVIRONMENT, "someone-else", Labels.RELEASED_BY, Labels.LAST_HOLDER)).endMetadata().build()).create();

        for (String namespace : List.of("team-web", "other-env")) {
            Map<String, String> before = namespace(namespace).getMetadata().getLabels();
            Target workloads = new Target("shared", namespace, "workloads", 1, List.of(CONFIG_MAP), Target.BASELINE);
            Target cache = new Target("shared", namespace, "cache", 1, List.of(CONFIG_MAP));
            applier.apply(workloads, List.of(configMap("frontend")), p -> { });
            applier.apply(cache, List.of(configMap("redis")), p -> { });

            assertThat(applier.release(cache, Long.MAX_VALUE)).containsExactly("ConfigMap redis");
            assertThat(applier.release(workloads, Long.MAX_VALUE)).containsExactly("ConfigMap frontend");

            assertThat(namespace(namespace)).as(namespace).isNotNull();
            assertThat(namespace(namespace).getMetadata().getLabels()).as("never relabelled").isEqualTo(before);
        }
    }

    @Test
    void aStepWithObjectsOfANewerGenerationStillHoldsTheNamespace() throws Exception {
        String env = "newer-cache";
        applier.apply(cache(env, 2), List.of(configMap("redis")), p -> { });

        assertThat(applier.release(cache(env, 1), 1)).as("a late rollback of generation 1").isEmpty();

        assertThat(namespace(env)).isNotNull();
        assertThat(Labels.holders(namespace(env).getMetadata().getLabels())).containsExactly("cache");
    }

    /**
     * Both steps release at the same moment, many times over: whatever the interleaving, the
     * namespace goes, deleted once (the API server serialises the two label patches; the one whose
     * patch leaves no holder deletes it).
     */
    @Test
    void twoStepsReleasingAtOnceDeleteTheNamespaceExactlyOnce() throws Exception {
        for (int round = 0; round < 8; round++) {
            String env = "together-" + round;
            applier.apply(workloads(env, 1), List.of(configMap("frontend")), p -> { });
            applier.apply(cache(env, 1), List.of(configMap("redis")), p -> { });
            int mark = cluster.requests().mark();
            CountDownLatch start = new CountDownLatch(1);

            CompletableFuture<List<String>> workloads = releaseAfter(start, workloads(env, 1));
            CompletableFuture<List<String>> cache = releaseAfter(start, cache(env, 1));
            start.countDown();

            assertThat(CompletableFuture.allOf(workloads, cache)).succeedsWithin(Duration.ofMinutes(2));
            List<String> all = new ArrayList<>(workloads.join());
            all.addAll(cache.join());
            assertThat(all).as("round %d", round).containsOnlyOnce("Namespace " + env);
            assertThat(namespace(env)).as("round %d", round).isNull();
            assertThat(cluster.requests().since(mark, r -> r.verb().equals("DELETE") && r.resourcePath().equals("/api/v1/namespaces/" + env)))
                    .as("round %d", round).hasSize(1);
        }
    }

    /**
     * The cache step's release is held (the operator's finalizer on its object) while the workloads
     * step releases: the workloads step finishes first and keeps the namespace, the cache step
     * finishes last and deletes it.
     */
    @Test
    void ofTwoOverlappingReleasesTheOneThatFinishesLastDeletesTheNamespace() throws Exception {
        String env = "overlapping";
        applier.apply(workloads(env, 1), List.of(configMap("frontend")), p -> { });
        applier.apply(cache(env, 1), List.of(configMap("redis")), p -> { });
        setFinalizers(env, "redis", List.of("redis.opstreelabs.in/finalizer"));

        CompletableFuture<List<String>> cache = TestThreads.supply(STEPS, () -> applier.release(cache(env, 1), 1));
        await().atMost(Duration.ofMinutes(2)).until(() -> client.configMaps().inNamespace(env).withName("redis").get()
                .getMetadata().getDeletionTimestamp() != null);
        assertThat(applier.release(workloads(env, 1), 1)).containsExactly("ConfigMap frontend");
        assertThat(namespace(env)).as("the cache step's release is not done").isNotNull();
        assertThat(cache).isNotDone();

        setFinalizers(env, "redis", List.of());

        assertThat(cache).succeedsWithin(Duration.ofMinutes(2)).isEqualTo(List.of("ConfigMap redis", "Namespace " + env));
        assertThat(namespace(env)).isNull();
    }

    /**
     * The race the precondition closes: the cache step has removed its holder label and seen no
     * holder left; before its delete reaches the server, the workloads step joins the namespace
     * (its label written before any of its objects). The delete, conditioned on the namespace as
     * the cache step saw it, is refused; read again, the namespace is kept for the workloads step.
     */
    @Test
    void aStepJoiningBetweenTheLastHoldersLeaveAndItsDeleteKeepsTheNamespace() throws Exception {
        String env = "joined-meanwhile";
        applier.apply(cache(env, 1), List.of(configMap("redis")), p -> { });
        client.configMaps().inNamespace(env).withName("redis").delete();
        Map<String, String> leave = new HashMap<>();
        leave.put(Labels.holder("cache"), null);
        Namespace seenByTheCacheStep = EnvironmentNamespace.patchLabels(client, env, leave);
        assertThat(Labels.holders(seenByTheCacheStep.getMetadata().getLabels())).isEmpty();

        applier.apply(workloads(env, 2), List.of(configMap("frontend")), p -> { });
        NamespaceRelease release = new NamespaceRelease(client,
                name -> await().atMost(Duration.ofMinutes(2)).until(() -> namespace(name) == null));

        assertThat(release.deleteIfLastHolder(cache(env, 1), seenByTheCacheStep)).isEqualTo(NamespaceRelease.Outcome.CHANGED);
        assertThat(namespace(env)).isNotNull();
        assertThat(release.release(cache(env, 1), 1)).as("read again: held by the workloads step").isFalse();
        assertThat(namespace(env)).isNotNull();
        assertThat(client.configMaps().inNamespace(env).withName("frontend").get()).isNotNull();

        assertThat(applier.release(workloads(env, 2), 2)).containsExactly("ConfigMap frontend", "Namespace " + env);
    }

    /**
     * On a real cluster a namespace terminates for a while (the namespace controller deletes its
     * contents, then its finalizer goes): the release waits until it is gone by reading it, and
     * never watches namespaces, a right no step is granted (deploy/, RbacReplayTest).
     */
    @Test
    void aTerminatingNamespaceIsWaitedForByReadingItWithoutWatchingNamespaces() throws Exception {
        String env = "slow-namespace";
        applier.apply(workloads(env, 1), List.of(configMap("frontend")), p -> { });
        client.namespaces().withName(env).edit(n -> {
            n.getMetadata().setFinalizers(List.of("envsaga.test/namespace-controller"));
            return n;
        });
        int mark = cluster.requests().mark();

        Future<List<String>> released = STEPS.submit(() -> applier.release(workloads(env, 1), 1));
        await().atMost(Duration.ofMinutes(2)).until(() -> namespace(env).getMetadata().getDeletionTimestamp() != null);
        assertThat(released).as("waits while the namespace terminates").isNotDone();
        client.namespaces().withName(env).edit(n -> {
            n.getMetadata().setFinalizers(List.of());
            return n;
        });

        assertThat(released.get(2, TimeUnit.MINUTES)).containsExactly("ConfigMap frontend", "Namespace " + env);
        assertThat(namespace(env)).isNull();
        assertThat(cluster.requests().since(mark, r -> r.verb().equals("WATCH") && r.resourcePath().endsWith("/namespaces")))
                .as("no watch on namespaces").isEmpty();
    }

    @Test
    void aNamespaceMadeBeforeHoldersIsDeletedByTheWorkloadsStepAsBefore() throws Exception {
        String env = "before-holders";
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(env).withLabels(Map.of(Labels.MANAGED_BY,
                Labels.MANAGER, Labels.ENVIRONMENT, env, Labels.GENERATION, "1")).endMetadata().build()).create();
        applier.apply(workloads(env, 1), List.of(configMap("frontend")), p -> { });
        applier.apply(cache(env, 1), List.of(configMap("redis")), p -> { });

        assertThat(applier.release(cache(env, 1), 1)).containsExactly("ConfigMap redis");
        assertThat(namespace(env)).isNotNull();
        assertThat(applier.release(workloads(env, 1), 1)).containsExactly("ConfigMap frontend", "Namespace " + env);
        assertThat(namespace(env)).isNull();
    }

    /**
     * Kept data keeps the namespace; a claim that goes with its owner (an operator's StatefulSet's,
     * labelled like the step's objects, owned by the released resource) or is already being deleted
     * does not: the garbage collector removes it, and the namespace's deletion waits for it.
     */
    @Test
    void onlyAClaimThatStaysKeepsTheNamespace() throws Exception {
        String env = "claims";
        applier.apply(cache(env, 1), List.of(configMap("redis")), p -> { });
        claim(env, "owned", List.of(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap")
                .withName("redis").withUid("uid-of-redis").build()), List.of());
        claim(env, "being-deleted", List.of(), List.of("kubernetes.io/pvc-protection"));
        client.persistentVolumeClaims().inNamespace(env).withName("being-deleted").delete();
        claim(env, "kept", List.of(), List.of());

        assertThat(applier.release(cache(env, 1), 1)).containsExactly("ConfigMap redis");
        assertThat(namespace(env)).as("the kept claim keeps it").isNotNull();
        assertThat(Labels.holders(namespace(env).getMetadata().getLabels())).as("the kept claim keeps the step a holder")
                .containsExactly("cache");

        client.persistentVolumeClaims().inNamespace(env).withName("kept").delete();
        assertThat(applier.releaseNamespace(cache(env, 1), 1)).isTrue();
        assertThat(namespace(env)).isNull();
    }

    @Test
    void applyingAgainJoinsWithoutWritingTheNamespace() throws Exception {
        String env = "joined-once";
        applier.apply(workloads(env, 1), List.of(configMap("frontend")), p -> { });
        applier.apply(cache(env, 1), List.of(configMap("redis")), p -> { });
        int mark = cluster.requests().mark();

        applier.apply(cache(env, 2), List.of(configMap("redis")), p -> { });

        assertThat(cluster.requests().since(mark, r -> r.isWrite() && (r.resourcePath().equals("/api/v1/namespaces")
                        || r.resourcePath().equals("/api/v1/namespaces/" + env))))
                .extracting(RequestLog.Request::verb).as("the create that answers 409, no patch").containsExactly("POST");
    }

    // --- helpers

    private CompletableFuture<List<String>> releaseAfter(CountDownLatch start, Target target) {
        return TestThreads.supply(STEPS, () -> {
            start.await();
            return applier.release(target, target.generation());
        });
    }

    private static Target workloads(String env, long generation) {
        return new Target(env, env, "workloads", generation, List.of(CONFIG_MAP), Target.BASELINE);
    }

    private static Target cache(String env, long generation) {
        return new Target(env, env, "cache", generation, List.of(CONFIG_MAP));
    }

    private static Desired configMap(String name) {
        return Desired.of(new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData("k", "v").build(),
                ReadinessRules.applied());
    }

    private Namespace namespace(String name) {
        return client.namespaces().withName(name).get();
    }

    private void claim(String namespace, String name, List<io.fabric8.kubernetes.api.model.OwnerReference> owners, List<String> finalizers) {
        client.persistentVolumeClaims().inNamespace(namespace).resource(new io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(name).withLabels(Labels.selector(namespace, "cache")).withOwnerReferences(owners)
                .withFinalizers(finalizers).endMetadata().withNewSpec().withAccessModes("ReadWriteOnce").endSpec().build()).create();
    }

    private void setFinalizers(String namespace, String name, List<String> finalizers) {
        ConfigMap current = client.configMaps().inNamespace(namespace).withName(name).get();
        current.getMetadata().setFinalizers(finalizers);
        client.configMaps().inNamespace(namespace).resource(current).update();
    }
}
