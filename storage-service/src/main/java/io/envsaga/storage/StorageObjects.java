package io.envsaga.storage;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.StorageSpec;
import io.envsaga.kubernetes.Desired;
import io.envsaga.kubernetes.ManagedKind;
import io.envsaga.kubernetes.PodFailures;
import io.envsaga.kubernetes.ReadinessRules;
import io.envsaga.kubernetes.Target;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;

/** Everything the storage step wants for a spec, in which groups it is applied, and in which order it is released. */
public final class StorageObjects {

    public static final String STEP = "storage";

    /** Every kind the step makes, in release order: the servers first, then their credentials. */
    public static final List<ManagedKind> KINDS = List.of(Minio.TENANT, ManagedKind.of(Service.class),
            ManagedKind.of(StatefulSet.class), ManagedKind.of(Secret.class));

    private StorageObjects() {
    }

    /**
     * Two groups: the create-only credential Secrets, then what mounts or reads them (the
     * StatefulSet, its Service, the Tenant). Empty when the spec has no storage.
     */
    public static List<List<Desired>> groups(Environment environment, StorageProperties properties, Credentials credentials,
                                             PodFailures failures) {
        StorageSpec storage = environment.spec().storage();
        if (storage == null || (storage.postgres() == null && storage.minio() == null)) {
            return List.of();
        }
        List<Desired> secrets = new ArrayList<>();
        List<Desired> servers = new ArrayList<>();
        if (storage.postgres() != null) {
            secrets.add(Desired.createOnly(Postgres.credentials(environment, credentials)));
            servers.add(Desired.of(Postgres.statefulSet(environment, properties.postgres()), ReadinessRules.statefulSetRollout(failures)));
            servers.add(Desired.of(Postgres.service(environment), ReadinessRules.applied()));
        }
        if (storage.minio() != null) {
            secrets.add(Desired.createOnly(Minio.configuration(environment, credentials)));
            secrets.add(Desired.createOnly(Minio.workloadCredentials(environment, credentials)));
            servers.add(Desired.custom(Minio.TENANT, Minio.tenant(environment, properties.minio()), TenantReadiness.rule()));
        }
        return List.of(secrets, servers);
    }

    public static Target target(Environment environment, long generation) {
        return new Target(environment.name(), environment.namespace(), STEP, generation, KINDS);
    }
}
