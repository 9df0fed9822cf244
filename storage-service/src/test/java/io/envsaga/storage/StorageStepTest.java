package io.envsaga.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.EnvironmentSpec;
import io.envsaga.contracts.spec.Metadata;
import io.envsaga.contracts.spec.StorageSpec;
import io.envsaga.kubernetes.EnvironmentApplier;
import io.envsaga.kubernetes.KubernetesSettings;
import io.envsaga.kubernetes.Labels;
import io.envsaga.kubernetes.endpoint.FixedEndpoints;
import io.envsaga.participant.StepContext;
import io.envsaga.participant.StepContexts;
import io.envsaga.participant.StepFailure;
import io.envsaga.participant.StepResult;
import io.envsaga.testsupport.concurrency.TestThreads;
import io.envsaga.testsupport.kubernetes.KubernetesTestCluster;
import io.envsaga.testsupport.kubernetes.TestOperators;
import io.envsaga.simulation.operators.SimulatedMinioOperator;
import io.envsaga.simulation.operators.SimulatedPostgres;
import io.envsaga.simulation.specs.TestSpecs;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The storage step against the Kubernetes test cluster, with each environment's PostgreSQL played
 * by a real server of its own that checks passwords (as a StatefulSet gives each its own; the
 * machine's binaries, not the shared server, which trusts local logins) and MinIO by a real S3
 * API. Each test has an environment, namespace and databases of its own.
 */
class StorageStepTest {

    @RegisterExtension
    static final KubernetesTestCluster cluster = new KubernetesTestCluster();
    private static final ExecutorService STEPS = TestThreads.forBlockingSteps();
    static final FixedEndpoints endpoints = new FixedEndpoints();
    static SimulatedPostgres postgres;
    static SimulatedMinioOperator minio;

    private final KubernetesSettings settings = new KubernetesSettings(null, null, Duration.ofSeconds(60), Duration.ofSeconds(30), 3);
    /** The service's own client, as the application configures it: its requests count as storage-service's (deploy/ proves its RBAC from them). */
    static KubernetesClient serviceClient;
    private final StorageStep step = new StorageStep(new EnvironmentApplier(serviceClient, settings), serviceClient, endpoints,
            StorageProperties.standard(), settings, Credentials.secureRandom(), new PostgresBootstrap(5), new BucketCheck(Duration.ofSeconds(10)));
    private final List<String> progress = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void operators() {
        serviceClient = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(
                new io.fabric8.kubernetes.client.ConfigBuilder(cluster.client().getConfiguration()).withUserAgent("envsaga/storage-service").build()).build();
        postgres = TestOperators.postgres(cluster, endpoints);
        minio = new SimulatedMinioOperator(cluster, endpoints);
    }

    @AfterAll
    static void stopOperators() {
        postgres.close();
        minio.close();
        serviceClient.close();
    }

    @Test
    void codedangStageIsReadyWithItsDatabasesAndBucketsAndASecondRunChangesNothing() throws SQLException {
        Environment env = stage("st-ready", true);
        String database = env.spec().storage().postgres().databases().get(0);

        StepResult first = apply(env, 1).join();
        StepResult second = apply(env, 2).join();

        assertThat(first.skipped()).isFalse();
        assertThat(first.outputs()).containsEntry("postgres", "st-ready-postgres:5432").containsEntry("postgresSecret", "st-ready-postgres-credentials")
                .containsEntry("databases", database).containsEntry("minio", "minio:80").containsEntry("minioSecret", "st-ready-minio-credentials")
                .containsEntry("buckets", "codedang-testcase,codedang-media,codedang-plag-checks")
                // the administrative user is its own server's superuser, as the image makes POSTGRES_USER: no membership needed
                .containsEntry("created", "role " + database + ",database " + database);
        assertThat(second.outputs()).doesNotContainKey("created");
        assertThat(String.join("\n", first.outputs().values())).doesNotContain(secret("st-ready", "st-ready-postgres-credentials", "password"));
        assertThat(query("st-ready", "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '" + database + "'")).isEqualTo(database);
        try (S3Client s3 = BucketCheck.client(endpoints.resolve("st-ready", "minio", 80), secret("st-ready", "st-ready-minio-credentials", "accessKey"),
                secret("st-ready", "st-ready-minio-credentials", "secretKey"), Duration.ofSeconds(10))) {
            for (String bucket : env.spec().storage().minio().buckets()) {
                s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("v-" + bucket));
                assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo("v-" + bucket);
            }
        }
        assertThat(progress).anySatisfy(p -> assertThat(p).startsWith("bootstrapping databases on st-ready-postgres"));
    }

    /**
     * minio/operator writes Initialized (health still green) in the same pass that replaces the
     * pool StatefulSet's template, before any pod is replaced: the update is ready only once the
     * pool's pod runs the new template (SimulatedMinioOperator's doc cites the lines).
     */
    @Test
    void aTenantUpdateWaitsForThePoolsPodsThoughTheTenantAlreadySaysInitialized() throws Exception {
        Environment env = stage("st-update", true);
        apply(env, 1).join();
        progress.clear();
        String newImage = "minio/minio:RELEASE.2025-09-07T16-13-09Z";
        StorageStep upgraded = new StorageStep(new EnvironmentApplier(serviceClient, settings), serviceClient, endpoints,
                new StorageProperties(null, new StorageProperties.Minio(newImage, null, null, null, null)), settings,
                Credentials.secureRandom(), new PostgresBootstrap(5), new BucketCheck(Duration.ofSeconds(10)));

        CompletableFuture<StepResult> update;
        try (AutoCloseable held = minio.holdPodReplacement("st-update")) {
            update = apply(upgraded, env, 2);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(progress).anySatisfy(p -> assertThat(p)
                    .startsWith("st-update-minio: waiting for the pool's pods: StatefulSet st-update-minio-pool-0: 0/1 pods updated to revision")));
            GenericKubernetesResource tenant = cluster.client().genericKubernetesResources(SimulatedMinioOperator.TENANT)
                    .inNamespace("st-update").withName("st-update-minio").get();
            assertThat((Map<String, Object>) tenant.getAdditionalProperties().get("status"))
                    .containsEntry("currentState", "Initialized").containsEntry("healthStatus", "green");
            assertThat(update).as("Initialized and green, but the pod is the old one").isNotDone();
            assertThat(pod("st-update", "st-update-minio-pool-0-0").getSpec().getContainers().get(0).getImage())
                    .isEqualTo("minio/minio:RELEASE.2025-04-08T15-41-24Z");
        }

        assertThat(update.get(30, TimeUnit.SECONDS).skipped()).isFalse();
        assertThat(pod("st-update", "st-update-minio-pool-0-0").getSpec().getContainers().get(0).getImage()).isEqualTo(newImage);
    }

    private static Pod pod(String namespace, String name) {
        return cluster.client().pods().inNamespace(namespace).withName(name).get();
    }

    @Test
    void aBucketMissingAtCheckTimeIsCreated() {
        Environment env = stage("st-bucket", true);
        apply(env, 1).join();
        minio.server("st-bucket", "data0-st-bucket-minio-pool-0-0").deleteBucket("codedang-media");

        StepResult again = apply(env, 2).join();

        assertThat(again.outputs()).containsEntry("created", "bucket codedang-media");
        assertThat(minio.server("st-bucket", "data0-st-bucket-minio-pool-0-0").hasBucket("codedang-media")).isTrue();
    }

    @Test
    void releaseKeepsVolumesAndCredentialsAndRecreationLogsInWithTheKeptPassword() throws Exception {
        Environment env = stage("st-keep", true);
        apply(env, 1).join();
            String password = secret("st-keep", "st-keep-postgres-credentials", "password");

            release(env, StepContext.Command.DELETE, 1);

            KubernetesClient client = cluster.client();
            assertThat(client.apps().statefulSets().inNamespace("st-keep").withLabel(Labels.STEP, "storage").list().getItems()).isEmpty();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(client.apps().statefulSets().inNamespace("st-keep").list().getItems())
                    .as("the Tenant's pool StatefulSet goes with it (garbage collection)").isEmpty());
            assertThat(client.services().inNamespace("st-keep").list().getItems()).isEmpty();
            assertThat(client.genericKubernetesResources(SimulatedMinioOperator.TENANT).inNamespace("st-keep").list().getItems()).isEmpty();
            assertThat(client.persistentVolumeClaims().inNamespace("st-keep").list().getItems()).extracting(c -> c.getMetadata().getName())
                    .containsExactlyInAnyOrder("data-st-keep-postgres-0", "data0-st-keep-minio-pool-0-0");
            assertThat(client.secrets().inNamespace("st-keep").list().getItems()).extracting(s -> s.getMetadata().getName())
                    .containsExactlyInAnyOrder("st-keep-postgres-credentials", "st-keep-minio-configuration", "st-keep-minio-credentials");
            assertThat(client.namespaces().withName("st-keep").get().getMetadata().getLabels())
                    .as("the kept data keeps the step a holder of its namespace").containsEntry(Labels.holder("storage"), "true");

        StepResult recreated = apply(env, 2).join();

        assertThat(secret("st-keep", "st-keep-postgres-credentials", "password")).isEqualTo(password);
        assertThat(recreated.skipped()).isFalse();
        assertThat(recreated.outputs()).doesNotContainKey("created");
    }

    @Test
    void aPasswordThatIsNotTheVolumesFailsWithTheDriversMessage() throws Exception {
        Environment env = stage("st-wrong", true);
        apply(env, 1).join();
        release(env, StepContext.Command.DELETE, 1);
        // someone deletes the kept Secret by hand: the next one is new, the volume still has the old user and password
        cluster.client().secrets().inNamespace("st-wrong").withName("st-wrong-postgres-credentials").delete();

        CompletableFuture<StepResult> applying = apply(env, 2);

        assertThat(applying).failsWithin(Duration.ofMinutes(2)).withThrowableThat().havingRootCause()
                .isInstanceOf(StepFailure.class)
                .withMessageStartingWith("PostgreSQL st-wrong-postgres: FATAL: password authentication failed for user \"envsaga_")
                .withMessageNotContaining("\n");
    }

    @Test
    void retainOnDeleteFalseDeletesVolumesAndCredentials() throws Exception {
        Environment env = stage("st-drop", false);
        apply(env, 1).join();
        io.envsaga.simulation.net.Endpoint server = postgres.serverOn("st-drop", "data-st-drop-postgres-0");
        assertThat(server).isNotNull();

        release(env, StepContext.Command.DELETE, 1);

        KubernetesClient client = cluster.client();
        assertThat(client.persistentVolumeClaims().inNamespace("st-drop").list().getItems()).isEmpty();
        assertThat(client.secrets().inNamespace("st-drop").list().getItems()).isEmpty();
        assertThat(client.namespaces().withName("st-drop").get()).as("its last holder released it").isNull();
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            assertThat(postgres.serverOn("st-drop", "data-st-drop-postgres-0")).as("the claim's data went with it").isNull();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> DriverManager.getConnection(
                    "jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres?connectTimeout=5", server.username(), server.password()).close())
                    .as("its server is stopped").isInstanceOf(SQLException.class);
        });
    }

    /**
     * Issue 26, class 7: two environments in one cluster, the second naming the first's database.
     * Each StatefulSet has a server of its own, so the second gets its own empty database there,
     * its credentials open nothing on the first's server, and its deletion (data and all) leaves
     * the first's data as it was. On one shared server the second's bootstrap met the first's
     * role (refused now; granted to itself and dropped on delete before that).
     */
    @Test
    void anEnvironmentNamingAnothersDatabaseGetsItsOwnOnItsOwnServerAndCannotReadOrDropTheOthers() throws Exception {
        Environment first = stage("st-tenant-a", true);
        String database = first.spec().storage().postgres().databases().get(0);
        apply(first, 1).join();
        query("st-tenant-a", database, "CREATE TABLE judged (id int); INSERT INTO judged VALUES (42)");
        Environment second = withStorage(stage("st-tenant-b", false),
                new StorageSpec(new StorageSpec.Postgres(first.spec().storage().postgres().size(), null, null, List.of(database), false), null));

        StepResult applied = apply(second, 1).join();

        assertThat(applied.outputs()).containsEntry("databases", database).containsEntry("created", "role " + database + ",database " + database);
        io.envsaga.simulation.net.Endpoint firstServer = postgres.serverOn("st-tenant-a", "data-st-tenant-a-postgres-0");
        io.envsaga.simulation.net.Endpoint secondServer = postgres.serverOn("st-tenant-b", "data-st-tenant-b-postgres-0");
        assertThat(endpoints.resolve("st-tenant-b", "st-tenant-b-postgres", 5432).getPort()).isEqualTo(secondServer.port())
                .isNotEqualTo(firstServer.port());
        assertThat(query("st-tenant-b", database, "SELECT count(*) FROM pg_tables WHERE tablename = 'judged'")).as("its own, empty").isEqualTo("0");
        String user = secret("st-tenant-b", "st-tenant-b-postgres-credentials", "username");
        String password = secret("st-tenant-b", "st-tenant-b-postgres-credentials", "password");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + firstServer.port() + "/" + database, user, password).close())
                .as("the second's credentials on the first's server").isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed for user \"" + user + "\"");

        release(second, StepContext.Command.DELETE, 1);

        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> assertThat(postgres.serverOn("st-tenant-b", "data-st-tenant-b-postgres-0"))
                .as("the second's claim, and its server, are gone").isNull());
        assertThat(query("st-tenant-a", database, "SELECT id FROM judged")).as("the first's data").isEqualTo("42");
        assertThat(query("st-tenant-a", "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '" + database + "'")).isEqualTo(database);
    }

    @Test
    void onePartRetainingKeepsOnlyItsOwnData() throws Exception {
        Environment env = stage("st-mixed", true);
        StorageSpec s = env.spec().storage();
        Environment mixed = withStorage(env, new StorageSpec(s.postgres(), new StorageSpec.Minio(s.minio().size(), null, s.minio().buckets(), false)));
        apply(mixed, 1).join();

        release(mixed, StepContext.Command.DELETE, 1);

        KubernetesClient client = cluster.client();
        assertThat(client.persistentVolumeClaims().inNamespace("st-mixed").list().getItems()).extracting(c -> c.getMetadata().getName())
                .containsExactly("data-st-mixed-postgres-0");
        assertThat(client.secrets().inNamespace("st-mixed").list().getItems()).extracting(x -> x.getMetadata().getName())
                .containsExactly("st-mixed-postgres-credentials");
    }

    /**
     * PostgreSQL without retainOnDelete and no MinIO part: the library's release keeps the
     * credentials (a part the spec does not have counts as retaining), the step then deletes
     * PostgreSQL's data itself and lets go of the namespace, which nobody else holds.
     */
    @Test
    void whenTheStepDeletesTheLastOfItsDataItselfItStillReleasesTheNamespace() throws Exception {
        Environment env = stage("st-pg-only", false);
        Environment postgresOnly = withStorage(env, new StorageSpec(env.spec().storage().postgres(), null));
        apply(postgresOnly, 1).join();

        release(postgresOnly, StepContext.Command.DELETE, 1);

        KubernetesClient client = cluster.client();
        assertThat(client.secrets().inNamespace("st-pg-only").list().getItems()).isEmpty();
        assertThat(client.persistentVolumeClaims().inNamespace("st-pg-only").list().getItems()).isEmpty();
        assertThat(client.namespaces().withName("st-pg-only").get()).as("no namespace left for a released environment").isNull();
    }

    /** As the other Kubernetes steps report it: the outcome says what a new generation took away. */
    @Test
    void aPartTheSpecNoLongerHasIsPrunedAndReportedInTheOutputs() {
        Environment env = stage("st-prune", true);
        apply(env, 1).join();
        Environment postgresOnly = withStorage(env, new StorageSpec(env.spec().storage().postgres(), null));

        StepResult second = apply(postgresOnly, 2).join();

        assertThat(second.outputs()).containsEntry("pruned", "Tenant st-prune-minio");
        assertThat(cluster.client().genericKubernetesResources(SimulatedMinioOperator.TENANT).inNamespace("st-prune").list().getItems()).isEmpty();
        assertThat(cluster.client().secrets().inNamespace("st-prune").withName("st-prune-minio-credentials").get())
                .as("credentials are create-only: never pruned").isNotNull();
    }

    @Test
    void aProductionSpecIsSkippedAndMakesNothing() {
        Environment production = TestSpecs.example("codedang-production");

        StepResult result = apply(production, 1).join();

        assertThat(result.skipped()).isTrue();
        assertThat(cluster.client().apps().statefulSets().inNamespace(production.namespace()).list().getItems()).isEmpty();
        assertThat(cluster.client().secrets().inNamespace(production.namespace()).list().getItems()).isEmpty();
    }

    /** codedang-stage under another name, with a database of its own on the shared server. */
    static Environment stage(String name, boolean retain) {
        Environment stage = TestSpecs.example("codedang-stage");
        StorageSpec s = stage.spec().storage();
        String database = "skkuding_" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
        StorageSpec storage = new StorageSpec(
                new StorageSpec.Postgres(s.postgres().size(), null, null, List.of(database), retain),
                new StorageSpec.Minio(s.minio().size(), null, s.minio().buckets(), retain));
        return withStorage(new Environment(stage.apiVersion(), stage.kind(), new Metadata(name), stage.spec()), storage, name);
    }

    static Environment withStorage(Environment env, StorageSpec storage) {
        return withStorage(env, storage, env.namespace());
    }

    private static Environment withStorage(Environment env, StorageSpec storage, String namespace) {
        EnvironmentSpec s = env.spec();
        return new Environment(env.apiVersion(), env.kind(), env.metadata(),
                new EnvironmentSpec(s.tier(), namespace, s.cluster(), s.dns(), s.ingress(), s.workloads(), s.messaging(), s.cache(), storage));
    }

    private String secret(String namespace, String name, String key) {
        Secret found = cluster.client().secrets().inNamespace(namespace).withName(name).get();
        return new String(java.util.Base64.getDecoder().decode(found.getData().get(key)), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** On the environment's own server, as its superuser (the Secret's administrative user), in database {@code postgres}. */
    private static String query(String namespace, String sql) throws SQLException {
        return query(namespace, "postgres", sql);
    }

    private static String query(String namespace, String database, String sql) throws SQLException {
        io.envsaga.simulation.net.Endpoint server = postgres.serverOn(namespace, "data-" + namespace + "-postgres-0");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port() + "/" + database, server.username(), server.password());
             Statement s = c.createStatement()) {
            if (!s.execute(sql)) {
                return null;
            }
            try (ResultSet rows = s.getResultSet()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    private CompletableFuture<StepResult> apply(Environment environment, long generation) {
        return apply(step, environment, generation);
    }

    private CompletableFuture<StepResult> apply(StorageStep step, Environment environment, long generation) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return step.apply(StepContexts.of(StepContext.Command.APPLY, environment, generation, progress::add));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
        }, STEPS);
    }

    private void release(Environment environment, StepContext.Command command, long generation) throws Exception {
        CompletableFuture.runAsync(() -> {
            try {
                step.release(StepContexts.of(command, environment, generation, progress::add));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
        }, STEPS).get(90, java.util.concurrent.TimeUnit.SECONDS);
    }
}
