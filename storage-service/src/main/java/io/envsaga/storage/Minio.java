package io.envsaga.storage;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.StorageSpec;
import io.envsaga.kubernetes.Labels;
import io.envsaga.kubernetes.names.ConnectionNames;
import io.envsaga.kubernetes.ManagedKind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MinIO of a stage or preview environment as pure functions of the spec: a {@code Tenant}
 * (minio.min.io/v2, after minio/operator's pkg/apis/minio.min.io/v2/types.go) of one pool, one
 * server, one volume, and two create-only Secrets: the root credentials the operator reads from
 * {@code config.env}, and the workloads' access key, which the operator provisions as a user
 * (keys {@code CONSOLE_ACCESS_KEY}/{@code CONSOLE_SECRET_KEY}, policy consoleAdmin) and which
 * the workloads read (keys {@code accessKey}/{@code secretKey}, docs/conventions.md).
 */
public final class Minio {

    public static final ManagedKind TENANT = ManagedKind.custom("minio.min.io", "v2", "Tenant", "tenants");
    public static final String COMPONENT = "minio";
    /** The pool's volumeClaimTemplate: the operator names volumes {@code data0}, so pod 0's claim is {@code data0-<env>-minio-pool-0-0}. */
    public static final String VOLUME = "data";
    public static final String POOL = "pool-0";
    /**
     * On the pool, so that the operator copies it onto its StatefulSet's pod template
     * (minio/operator pkg/resources/statefulsets/minio-statefulset.go, PodMetadata): a digest of
     * what the operator builds the pool's pods from. A StatefulSet whose template carries the
     * Tenant's digest runs this spec's pool; see {@link TenantReadiness}.
     */
    public static final String POOL_SPEC_ANNOTATION = "envsaga.io/pool-spec";

    private Minio() {
    }

    /** The configuration Secret the Tenant refers to: root credentials in {@code config.env}, as the operator parses it. */
    public static String configurationSecret(String env) {
        return ConnectionNames.minioTenant(env) + "-configuration";
    }

    public static Secret configuration(Environment environment, Credentials credentials) {
        String user = credentials.generate("minio root user", 20);
        String password = credentials.generate("minio root password", 40);
        return new SecretBuilder()
                .withNewMetadata().withName(configurationSecret(environment.name()))
                .addToLabels(Postgres.COMPONENT_LABEL, COMPONENT).endMetadata()
                .withType("Opaque")
                .addToData("config.env", Secrets.base64("export MINIO_ROOT_USER=\"" + user + "\"\nexport MINIO_ROOT_PASSWORD=\"" + password + "\"\n"))
                .build();
    }

    public static Secret workloadCredentials(Environment environment, Credentials credentials) {
        String accessKey = credentials.generate("minio access key", 20);
        String secretKey = credentials.generate("minio secret key", 40);
        return new SecretBuilder()
                .withNewMetadata().withName(ConnectionNames.minioCredentialsSecret(environment.name()))
                .addToLabels(Postgres.COMPONENT_LABEL, COMPONENT).endMetadata()
                .withType("Opaque")
                .addToData("accessKey", Secrets.base64(accessKey))
                .addToData("secretKey", Secrets.base64(secretKey))
                .addToData("CONSOLE_ACCESS_KEY", Secrets.base64(accessKey))
                .addToData("CONSOLE_SECRET_KEY", Secrets.base64(secretKey))
                .build();
    }

    public static GenericKubernetesResource tenant(Environment environment, StorageProperties.Minio properties) {
        StorageSpec.Minio spec = environment.spec().storage().minio();
        Map<String, Object> tenantSpec = new LinkedHashMap<>();
        if (properties.image() != null) {
            tenantSpec.put("image", properties.image());
        }
        tenantSpec.put("configuration", Map.of("name", configurationSecret(environment.name())));
        tenantSpec.put("users", List.of(Map.of("name", ConnectionNames.minioCredentialsSecret(environment.name()))));
        List<Map<String, Object>> buckets = new ArrayList<>();
        for (String bucket : spec.buckets()) {
            buckets.add(Map.of("name", bucket));
        }
        tenantSpec.put("buckets", buckets);
        // the S3 Service "minio" then listens on port 80 (docs/conventions.md); TLS is the ingress's business
        tenantSpec.put("requestAutoCert", false);
        Map<String, Object> pool = pool(environment, spec, properties);
        pool.put("annotations", Map.of(POOL_SPEC_ANNOTATION, poolSpecDigest(tenantSpec, pool)));
        tenantSpec.put("pools", List.of(pool));
        return new GenericKubernetesResourceBuilder()
                .withApiVersion(TENANT.apiVersion()).withKind(TENANT.kind())
                .withNewMetadata().withName(ConnectionNames.minioTenant(environment.name()))
                .addToLabels(Postgres.COMPONENT_LABEL, COMPONENT).endMetadata()
                .withAdditionalProperties(Map.of("spec", tenantSpec))
                .build();
    }

    private static Map<String, Object> pool(Environment environment, StorageSpec.Minio spec, StorageProperties.Minio properties) {
        // the operator copies the template, labels included, into its StatefulSet: the claim carries the step's labels
        Map<String, Object> claimLabels = new LinkedHashMap<>();
        claimLabels.put(Labels.MANAGED_BY, Labels.MANAGER);
        claimLabels.put(Labels.ENVIRONMENT, environment.name());
        claimLabels.put(Labels.STEP, StorageObjects.STEP);
        claimLabels.put(Postgres.COMPONENT_LABEL, COMPONENT);
        Map<String, Object> claimSpec = new LinkedHashMap<>();
        claimSpec.put("accessModes", List.of("ReadWriteOnce"));
        claimSpec.put("resources", Map.of("requests", Map.of("storage", spec.size())));
        if (spec.storageClass() != null) {
            claimSpec.put("storageClassName", spec.storageClass());
        }
        Map<String, Object> pool = new LinkedHashMap<>();
        pool.put("name", POOL);
        pool.put("servers", 1);
        pool.put("volumesPerServer", 1);
        pool.put("volumeClaimTemplate", ordered("metadata", ordered("name", VOLUME, "labels", claimLabels), "spec", claimSpec));
        pool.put("resources", ordered(
                "requests", ordered("cpu", properties.cpuRequest(), "memory", properties.memoryRequest()),
                "limits", ordered("cpu", properties.cpuLimit(), "memory", properties.memoryLimit())));
        return pool;
    }

    /** The digest of the Tenant fields the pool's pods are made of (image, configuration, TLS, the pool); not users or buckets, which restart nothing. */
    private static String poolSpecDigest(Map<String, Object> tenantSpec, Map<String, Object> pool) {
        Map<String, Object> podInputs = new LinkedHashMap<>(tenantSpec);
        podInputs.remove("users");
        podInputs.remove("buckets");
        podInputs.put("pool", pool);
        try {
            byte[] json = new KubernetesSerialization().asJson(podInputs).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** A map in the order given (Map.of's order changes between runs, and golden files must not). */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
