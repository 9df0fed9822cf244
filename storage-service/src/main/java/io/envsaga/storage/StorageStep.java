package io.envsaga.storage;

import io.envsaga.contracts.events.Step;
import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.StorageSpec;
import io.envsaga.kubernetes.Desired;
import io.envsaga.kubernetes.EnvironmentApplier;
import io.envsaga.kubernetes.KubernetesSettings;
import io.envsaga.kubernetes.KubernetesStep;
import io.envsaga.kubernetes.Labels;
import io.envsaga.kubernetes.Retention;
import io.envsaga.kubernetes.endpoint.ServiceEndpoints;
import io.envsaga.kubernetes.names.ConnectionNames;
import io.envsaga.participant.StepContext;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage step: credentials first, then PostgreSQL and MinIO; ready once the databases are
 * bootstrapped and every bucket answers to the workloads' key. Release keeps volumes and
 * credentials unless the spec says {@code retainOnDelete: false}.
 */
public class StorageStep extends KubernetesStep {

    private static final Logger log = LoggerFactory.getLogger(StorageStep.class);

    private final KubernetesClient client;
    private final ServiceEndpoints endpoints;
    private final StorageProperties properties;
    private final KubernetesSettings settings;
    private final Credentials credentials;
    private final PostgresBootstrap bootstrap;
    private final BucketCheck buckets;

    public StorageStep(EnvironmentApplier applier, KubernetesClient client, ServiceEndpoints endpoints, StorageProperties properties,
                       KubernetesSettings settings, Credentials credentials, PostgresBootstrap bootstrap, BucketCheck buckets) {
        super(applier, Step.STORAGE, StorageObjects::target);
        this.client = client;
        this.endpoints = endpoints;
        this.properties = properties;
        this.settings = settings;
        this.credentials = credentials;
        this.bootstrap = bootstrap;
        this.buckets = buckets;
    }

    /** None without storage: the apply then prunes the servers of an earlier generation (their volumes and credentials stay). */
    @Override
    protected List<List<Desired>> desired(Environment environment) {
        return StorageObjects.groups(environment, properties, credentials, settings.podFailures());
    }

    /** Running servers are not yet usable ones: the databases and buckets the spec names are made here. */
    @Override
    protected Map<String, String> whenReady(StepContext context) {
        Environment environment = context.environment();
        String env = environment.name();
        String namespace = environment.namespace();
        StorageSpec storage = environment.spec().storage();
        Map<String, String> outputs = new LinkedHashMap<>();
        List<String> changes = new ArrayList<>();
        if (storage.postgres() != null) {
            context.progress("bootstrapping databases on " + ConnectionNames.postgres(env));
            String secret = ConnectionNames.postgresCredentialsSecret(env);
            changes.addAll(bootstrap.run(ConnectionNames.postgres(env),
                    endpoints.resolve(namespace, ConnectionNames.postgres(env), ConnectionNames.POSTGRES_PORT),
                    Secrets.read(client, namespace, secret, "username"), Secrets.read(client, namespace, secret, "password"),
                    storage.postgres().databases()));
            outputs.put("postgres", ConnectionNames.postgres(env) + ":" + ConnectionNames.POSTGRES_PORT);
            outputs.put("postgresSecret", secret);
            outputs.put("databases", String.join(",", storage.postgres().databases()));
        }
        if (storage.minio() != null) {
            context.progress("checking buckets on " + ConnectionNames.minioTenant(env));
            String secret = ConnectionNames.minioCredentialsSecret(env);
            buckets.run(ConnectionNames.minioTenant(env),
                    endpoints.resolve(namespace, ConnectionNames.minioService(), ConnectionNames.MINIO_PORT),
                    Secrets.read(client, namespace, secret, "accessKey"), Secrets.read(client, namespace, secret, "secretKey"),
                    storage.minio().buckets()).forEach(bucket -> changes.add("bucket " + bucket));
            outputs.put("minio", ConnectionNames.minioService() + ":" + ConnectionNames.MINIO_PORT);
            outputs.put("minioSecret", secret);
            outputs.put("buckets", String.join(",", storage.minio().buckets()));
        }
        if (!changes.isEmpty()) {
            log.info("storage of {}: created {}", env, changes);
            outputs.put("created", String.join(",", changes));
        }
        return outputs;
    }

    /** Volumes and credentials stay when either part retains its data; {@link #deleteWhatReleaseKept} then removes the other's. */
    @Override
    protected Retention retention(Environment environment) {
        boolean keepAny = retains(environment, Postgres.COMPONENT) || retains(environment, Minio.COMPONENT);
        return keepAny ? Retention.KEEP_CREATE_ONLY : Retention.DELETE_ALL;
    }

    /**
     * A part that said retainOnDelete: false, when the other keeps its data; and MinIO's claim, which the
     * operator's StatefulSet made (the library deletes labelled claims only on a full release).
     */
    @Override
    protected boolean deleteWhatReleaseKept(StepContext context) {
        Environment environment = context.environment();
        boolean keepPostgres = retains(environment, Postgres.COMPONENT);
        boolean keepMinio = retains(environment, Minio.COMPONENT);
        if (!keepPostgres) {
            deleteData(environment, Postgres.COMPONENT);
        }
        if (!keepMinio) {
            deleteData(environment, Minio.COMPONENT);
        }
        return !keepPostgres || !keepMinio;
    }

    /** Keeps unless the spec says {@code retainOnDelete: false} for that part: without a spec to say so, data is kept. */
    static boolean retains(Environment environment, String component) {
        StorageSpec storage = environment.spec().storage();
        if (storage == null) {
            return true;
        }
        if (Postgres.COMPONENT.equals(component)) {
            return storage.postgres() == null || storage.postgres().retainOnDelete();
        }
        return storage.minio() == null || storage.minio().retainOnDelete();
    }

    private void deleteData(Environment environment, String component) {
        Map<String, String> selector = new LinkedHashMap<>(Labels.selector(environment.name(), StorageObjects.STEP));
        selector.put(Postgres.COMPONENT_LABEL, component);
        // one by one: list and delete are rights the step has anyway (a collection delete would need one more)
        String namespace = environment.namespace();
        client.secrets().inNamespace(namespace).withLabels(selector).list().getItems()
                .forEach(secret -> client.secrets().inNamespace(namespace).withName(secret.getMetadata().getName()).delete());
        client.persistentVolumeClaims().inNamespace(namespace).withLabels(selector).list().getItems()
                .forEach(claim -> client.persistentVolumeClaims().inNamespace(namespace).withName(claim.getMetadata().getName()).delete());
    }
}
