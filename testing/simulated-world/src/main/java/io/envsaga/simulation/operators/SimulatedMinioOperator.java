package io.envsaga.simulation.operators;

import io.envsaga.simulation.kubernetes.InformerHandlers;
import io.envsaga.kubernetes.endpoint.FixedEndpoints;
import io.envsaga.simulation.kubernetes.SimulatedCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plays the MinIO operator with a real S3 API: a {@code Tenant} (minio.min.io/v2) gets an
 * in-process {@link S3Server} that accepts the Tenant's first user's key (the Secret of
 * {@code spec.users[0]}, keys {@code CONSOLE_ACCESS_KEY}/{@code CONSOLE_SECRET_KEY}, as the
 * operator provisions it; S3Proxy takes one key, so the root credentials only have to be
 * present), with the buckets of {@code spec.buckets}, registered in the {@link FixedEndpoints} as
 * the operator's Service {@code minio}, port 80. Status as minio/operator's
 * pkg/controller/main-controller.go writes it: {@code currentState} "Tenant credentials are not
 * set properly" while {@code config.env} lacks MINIO_ROOT_USER/MINIO_ROOT_PASSWORD, else
 * "Initialized" with {@code healthStatus: green}, one available replica and the pool
 * initialized. The pool's claim ({@code <template>0-<tenant>-<pool>-0}, the template's labels)
 * is made as the operator's StatefulSet would; the server, its data, lives as long as the claim:
 * deleting the Tenant keeps it, deleting the claim stops it.
 *
 * <p>The pool's StatefulSet, and how an update reaches its pods (minio/operator at 0ee2c254):
 * <ul>
 * <li>The operator keeps one StatefulSet per pool, {@code <tenant>-<pool>}
 * (pkg/apis/minio.min.io/v2/names.go:162, PoolStatefulsetName), controlled by the Tenant, labelled
 * {@code v1.min.io/tenant} and {@code v1.min.io/pool} (pkg/apis/minio.min.io/v2/constants.go:58,61);
 * its pod template carries the pool's annotations and {@code min.io/revision}
 * (pkg/resources/statefulsets/minio-statefulset.go:63-77, PodMetadata). Here: one container
 * {@code minio}, the Tenant's image or the operator's default (constants.go:109), the pool's
 * resources.</li>
 * <li>On an update the operator builds the StatefulSet the spec asks for, and when the pool no
 * longer matches it replaces the existing StatefulSet's pod template in place
 * (main-controller.go:1256-1281); then, in the same pass and without waiting for any pod, it
 * writes {@code Initialized} (main-controller.go:1368): health is that of the last check
 * (pkg/controller/monitoring.go), still green while the old pod serves. This simulator does the
 * same, in that order: the template, the StatefulSet's status as its controller writes it when a
 * rolling update starts ({@code updateRevision} new, {@code currentRevision} old, no pod
 * updated, the old pod still ready), the Tenant's {@code Initialized}, and only then the
 * replacement of the pod, after which {@code currentRevision} is the update revision
 * (kubernetes pkg/controller/statefulset/stateful_set_utils.go, completeRollingUpdate).</li>
 * <li>{@link #holdPodReplacement(String)} stops a namespace's pod replacements where they are
 * (a slow image pull, a pod that takes its time to stop), so that a test sees the Tenant say
 * Initialized while its pod is still the old one.</li>
 * <li>The Tenant has no finalizer (the operator sets none); deleting it deletes its StatefulSet
 * and pod as the garbage collector would, after it is gone.</li>
 * </ul>
 */
public final class SimulatedMinioOperator implements AutoCloseable {

    public static final ResourceDefinitionContext TENANT = new ResourceDefinitionContext.Builder().withGroup("minio.min.io")
            .withVersion("v2").withKind("Tenant").withPlural("tenants").withNamespaced(true).build();
    private static final int PORT = 80;
    private static final String SERVICE = "minio";
    static final String TENANT_LABEL = "v1.min.io/tenant";
    static final String POOL_LABEL = "v1.min.io/pool";
    static final String DEFAULT_IMAGE = "minio/minio:RELEASE.2025-04-08T15-41-24Z";

    private final KubernetesClient client;
    private final FixedEndpoints endpoints;
    private final SharedIndexInformer<GenericKubernetesResource> tenants;
    private final SharedIndexInformer<PersistentVolumeClaim> claims;
    /** namespace/claim -> the S3 server whose data the claim holds. */
    private final Map<String, S3Server> servers = new ConcurrentHashMap<>();
    /** namespace/tenant -> the generation last brought to Initialized (the operator keeps no observedGeneration; this only spares work). */
    private final Map<String, Long> reconciled = new ConcurrentHashMap<>();
    /** namespace/tenant -> its pool's StatefulSet, the pods of which the simulated StatefulSet controller replaces. */
    private final Map<String, String> poolSets = new ConcurrentHashMap<>();
    /** Namespaces whose pod replacements wait ({@link #holdPodReplacement}). */
    private final java.util.Set<String> held = ConcurrentHashMap.newKeySet();

    public SimulatedMinioOperator(SimulatedCluster cluster, FixedEndpoints endpoints) {
        this(cluster.client(), endpoints);
    }

    public SimulatedMinioOperator(KubernetesClient client, FixedEndpoints endpoints) {
        this.client = client;
        this.endpoints = endpoints;
        this.claims = client.persistentVolumeClaims().inAnyNamespace().inform(InformerHandlers.onDelete(claim -> {
            S3Server server = servers.remove(InformerHandlers.key(claim));
            if (server != null) {
                server.close();
            }
        }));
        this.tenants = client.genericKubernetesResources(TENANT).inAnyNamespace().inform(InformerHandlers.onChange(this::reconcile, tenant -> {
            reconciled.remove(InformerHandlers.key(tenant));
            endpoints.unregister(tenant.getMetadata().getNamespace(), SERVICE, PORT);
            collectGarbage(tenant);
        }));
    }

    @SuppressWarnings("unchecked")
    private synchronized void reconcile(GenericKubernetesResource tenant) {
        String namespace = tenant.getMetadata().getNamespace();
        String tenantKey = namespace + "/" + tenant.getMetadata().getName();
        Long generation = tenant.getMetadata().getGeneration();
        if (tenant.getMetadata().getDeletionTimestamp() != null || generation != null && generation.equals(reconciled.get(tenantKey))) {
            return;
        }
        Map<String, Object> spec = (Map<String, Object>) tenant.getAdditionalProperties().get("spec");
        Map<String, String> configuration = configuration(namespace, spec);
        if (configuration.get("MINIO_ROOT_USER") == null || configuration.get("MINIO_ROOT_PASSWORD") == null) {
            writeStatus(tenant, "Tenant credentials are not set properly", null, 0);
            return;
        }
        String[] key = userKey(namespace, spec);
        if (key == null) {
            key = new String[] {configuration.get("MINIO_ROOT_USER"), configuration.get("MINIO_ROOT_PASSWORD")};
        }
        Map<String, Object> pool = ((List<Map<String, Object>>) spec.get("pools")).get(0);
        String claimName = claim(tenant, pool);
        String[] credentials = key;
        String setName = MinioPool.ensure(client, tenant, spec, pool);
        poolSets.put(tenantKey, setName);
        S3Server server = servers.computeIfAbsent(namespace + "/" + claimName, k -> new S3Server(credentials[0], credentials[1]));
        for (Map<String, Object> bucket : (List<Map<String, Object>>) spec.getOrDefault("buckets", List.of())) {
            server.createBucket(String.valueOf(bucket.get("name")));
        }
        endpoints.register(namespace, SERVICE, PORT, server.address().getHostString(), server.address().getPort());
        reconciled.put(tenantKey, generation);
        writeStatus(tenant, "Initialized", "green", 1);
        if (!held.contains(namespace)) {
            MinioPool.replacePods(client, namespace, setName);
        }
    }

    /**
     * Holds the pod replacements of a namespace's pools until the returned handle is closed: the
     * StatefulSet says its rolling update started, the Tenant says Initialized, the pod stays the
     * old one. Closing replaces what waited.
     */
    public AutoCloseable holdPodReplacement(String namespace) {
        held.add(namespace);
        return () -> {
            held.remove(namespace);
            poolSets.forEach((tenant, set) -> {
                if (tenant.startsWith(namespace + "/")) {
                    MinioPool.replacePods(client, namespace, set);
                }
            });
        };
    }

    /** What the garbage collector deletes after a Tenant: its pool's StatefulSet and pod (they name it as their controller). */
    private void collectGarbage(GenericKubernetesResource tenant) {
        String set = poolSets.remove(InformerHandlers.key(tenant));
        if (set != null) {
            MinioPool.delete(client, tenant.getMetadata().getNamespace(), set);
        }
    }

    /** The pool's one claim, made as the operator's StatefulSet would: {@code <template>0-<tenant>-<pool>-0}, the template's labels. */
    @SuppressWarnings("unchecked")
    private String claim(GenericKubernetesResource tenant, Map<String, Object> pool) {
        String namespace = tenant.getMetadata().getNamespace();
        Map<String, Object> template = (Map<String, Object>) pool.get("volumeClaimTemplate");
        Map<String, Object> metadata = (Map<String, Object>) template.getOrDefault("metadata", Map.of());
        String name = metadata.getOrDefault("name", "data") + "0-" + tenant.getMetadata().getName() + "-" + pool.get("name") + "-0";
        if (client.persistentVolumeClaims().inNamespace(namespace).withName(name).get() == null) {
            Map<String, String> labels = new HashMap<>((Map<String, String>) metadata.getOrDefault("labels", Map.of()));
            labels.put("v1.min.io/tenant", tenant.getMetadata().getName());
            labels.put("v1.min.io/pool", String.valueOf(pool.get("name")));
            PersistentVolumeClaim claim = new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                    .withLabels(labels).endMetadata().build();
            claim.setSpec(new KubernetesSerialization().convertValue(template.get("spec"), io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec.class));
            client.persistentVolumeClaims().inNamespace(namespace).resource(claim).create();
        }
        return name;
    }

    /** config.env of the configuration Secret, parsed as the operator's ParseRawConfiguration does ({@code export KEY="value"} lines). */
    @SuppressWarnings("unchecked")
    private Map<String, String> configuration(String namespace, Map<String, Object> spec) {
        Map<String, String> values = new HashMap<>();
        Object reference = spec.get("configuration");
        String env = reference instanceof Map<?, ?> map ? secretValue(namespace, String.valueOf(map.get("name")), "config.env") : null;
        if (env == null) {
            return values;
        }
        for (String line : env.split("\n")) {
            String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            entry = entry.startsWith("export ") ? entry.substring("export ".length()).strip() : entry;
            int equals = entry.indexOf('=');
            if (equals > 0) {
                String value = entry.substring(equals + 1).strip();
                if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
                    value = value.substring(1, value.length() - 1);
                }
                values.put(entry.substring(0, equals).strip(), value);
            }
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    private String[] userKey(String namespace, Map<String, Object> spec) {
        List<Map<String, Object>> users = (List<Map<String, Object>>) spec.getOrDefault("users", List.of());
        if (users.isEmpty()) {
            return null;
        }
        String secret = String.valueOf(users.get(0).get("name"));
        String access = secretValue(namespace, secret, "CONSOLE_ACCESS_KEY");
        String secretKey = secretValue(namespace, secret, "CONSOLE_SECRET_KEY");
        return access == null || secretKey == null ? null : new String[] {access.strip(), secretKey.strip()};
    }

    private String secretValue(String namespace, String name, String key) {
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        String value = secret == null || secret.getData() == null ? null : secret.getData().get(key);
        return value == null ? null : new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
    }

    private void writeStatus(GenericKubernetesResource tenant, String state, String health, int available) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("currentState", state);
        status.put("availableReplicas", available);
        if (health != null) {
            status.put("healthStatus", health);
            status.put("drivesOnline", 1);
            status.put("provisionedUsers", true);
            status.put("pools", List.of(Map.of("ssName", tenant.getMetadata().getName() + "-pool-0", "state", "PoolInitialized")));
        }
        tenant.getAdditionalProperties().put("status", status);
        client.genericKubernetesResources(TENANT).inNamespace(tenant.getMetadata().getNamespace()).resource(tenant).updateStatus();
    }

    /** The S3 server backing a namespace's Tenant claim, for tests that look behind the API. */
    public S3Server server(String namespace, String claim) {
        return servers.get(namespace + "/" + claim);
    }

    @Override
    public void close() {
        tenants.close();
        claims.close();
        for (Map.Entry<String, S3Server> entry : new ArrayList<>(servers.entrySet())) {
            endpoints.unregister(entry.getKey().split("/", 2)[0], SERVICE, PORT);
            entry.getValue().close();
        }
        servers.clear();
    }
}
