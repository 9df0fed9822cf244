package io.envsaga.storage;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.StorageSpec;
import io.envsaga.kubernetes.Labels;
import io.envsaga.kubernetes.names.ConnectionNames;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PostgreSQL of a stage or preview environment as pure functions of the spec: one pod of a
 * StatefulSet (never a naked pod), its volume from a volumeClaimTemplate, a Service, and the
 * create-only Secret of its administrative user.
 */
public final class Postgres {

    public static final String COMPONENT = "postgres";
    public static final String COMPONENT_LABEL = "app.kubernetes.io/component";
    public static final String NAME_LABEL = "app.kubernetes.io/name";
    /** The volumeClaimTemplate's name: the claim of pod 0 is {@code data-<env>-postgres-0}. */
    public static final String VOLUME = "data";
    static final String MOUNT = "/var/lib/postgresql/data";
    /** A subdirectory: the volume's root may hold lost+found, which initdb refuses. */
    static final String PGDATA = MOUNT + "/pgdata";
    /** The uid and gid of the postgres user in the Alpine images. */
    static final long POSTGRES_UID = 70;

    private Postgres() {
    }

    /** Labels of everything this part makes, besides the applier's: which part of the step it is. */
    public static Map<String, String> selector(Environment environment) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NAME_LABEL, COMPONENT);
        labels.put(Labels.ENVIRONMENT, environment.name());
        return labels;
    }

    /**
     * The administrative user's credentials, created once. The user name is generated too, so
     * that environments sharing one server (the sandbox, tests) never meet on a role.
     */
    public static Secret credentials(Environment environment, Credentials credentials) {
        return new SecretBuilder()
                .withNewMetadata().withName(ConnectionNames.postgresCredentialsSecret(environment.name()))
                .addToLabels(COMPONENT_LABEL, COMPONENT).endMetadata()
                .withType("Opaque")
                .addToData("username", Secrets.base64("envsaga_" + credentials.generate("postgres username", 10).toLowerCase()))
                .addToData("password", Secrets.base64(credentials.generate("postgres password", 32)))
                .build();
    }

    public static StatefulSet statefulSet(Environment environment, StorageProperties.Postgres properties) {
        StorageSpec.Postgres spec = environment.spec().storage().postgres();
        String name = ConnectionNames.postgres(environment.name());
        String secret = ConnectionNames.postgresCredentialsSecret(environment.name());
        Map<String, String> podLabels = new LinkedHashMap<>(selector(environment));
        podLabels.put(Labels.MANAGED_BY, Labels.MANAGER);
        Container container = new ContainerBuilder()
                .withName("postgres").withImage(spec.image())
                .addNewPort().withName("postgres").withContainerPort(ConnectionNames.POSTGRES_PORT).withProtocol("TCP").endPort()
                .withEnv(new EnvVarBuilder().withName("POSTGRES_USER").withNewValueFrom().withNewSecretKeyRef()
                                .withName(secret).withKey("username").endSecretKeyRef().endValueFrom().build(),
                        new EnvVarBuilder().withName("POSTGRES_PASSWORD").withNewValueFrom().withNewSecretKeyRef()
                                .withName(secret).withKey("password").endSecretKeyRef().endValueFrom().build(),
                        // the bootstrap connects to "postgres"; without this the image makes a database named after the user
                        new EnvVarBuilder().withName("POSTGRES_DB").withValue("postgres").build(),
                        new EnvVarBuilder().withName("PGDATA").withValue(PGDATA).build())
                .withReadinessProbe(pgIsReady(5, 10, 3))
                .withLivenessProbe(pgIsReady(30, 10, 6))
                .withNewResources()
                .addToRequests("cpu", new Quantity(properties.cpuRequest())).addToRequests("memory", new Quantity(properties.memoryRequest()))
                .addToLimits("cpu", new Quantity(properties.cpuLimit())).addToLimits("memory", new Quantity(properties.memoryLimit()))
                .endResources()
                .addNewVolumeMount().withName(VOLUME).withMountPath(MOUNT).endVolumeMount()
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withNewCapabilities().addToDrop("ALL").endCapabilities()
                .endSecurityContext()
                .build();
        return new StatefulSetBuilder()
                .withNewMetadata().withName(name).addToLabels(NAME_LABEL, COMPONENT).addToLabels(COMPONENT_LABEL, COMPONENT).endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withServiceName(name)
                .withNewSelector().withMatchLabels(selector(environment)).endSelector()
                // the claim stays whatever Kubernetes does with the set: release decides (retainOnDelete)
                .withNewPersistentVolumeClaimRetentionPolicy().withWhenDeleted("Retain").withWhenScaled("Retain")
                .endPersistentVolumeClaimRetentionPolicy()
                .withNewTemplate()
                .withNewMetadata().withLabels(podLabels).endMetadata()
                .withNewSpec()
                .withAutomountServiceAccountToken(false)
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(POSTGRES_UID).withRunAsGroup(POSTGRES_UID)
                .withFsGroup(POSTGRES_UID).withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
                .withContainers(container)
                .endSpec()
                .endTemplate()
                .withVolumeClaimTemplates(claimTemplate(environment, spec))
                .endSpec()
                .build();
    }

    /** Carries the step's labels: the StatefulSet controller copies them onto the claim, so release finds it. */
    private static PersistentVolumeClaim claimTemplate(Environment environment, StorageSpec.Postgres spec) {
        PersistentVolumeClaimBuilder claim = new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(VOLUME)
                .addToLabels(Labels.MANAGED_BY, Labels.MANAGER)
                .addToLabels(Labels.ENVIRONMENT, environment.name())
                .addToLabels(Labels.STEP, StorageObjects.STEP)
                .addToLabels(COMPONENT_LABEL, COMPONENT)
                .endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce")
                .withNewResources().addToRequests("storage", new Quantity(spec.size())).endResources()
                .withStorageClassName(spec.storageClass())
                .endSpec();
        return claim.build();
    }

    public static Service service(Environment environment) {
        return new ServiceBuilder()
                .withNewMetadata().withName(ConnectionNames.postgres(environment.name()))
                .addToLabels(NAME_LABEL, COMPONENT).addToLabels(COMPONENT_LABEL, COMPONENT).endMetadata()
                .withNewSpec().withType("ClusterIP").withSelector(selector(environment))
                .addNewPort().withName("postgres").withPort(ConnectionNames.POSTGRES_PORT).withNewTargetPort("postgres").withProtocol("TCP").endPort()
                .endSpec()
                .build();
    }

    /** The pod's own check, through the local socket, as the user the image created. */
    private static Probe pgIsReady(int initialDelay, int period, int failures) {
        return new ProbeBuilder().withNewExec()
                .withCommand("sh", "-c", "exec pg_isready -U \"$POSTGRES_USER\" -d postgres -h 127.0.0.1 -p " + ConnectionNames.POSTGRES_PORT)
                .endExec()
                .withInitialDelaySeconds(initialDelay).withPeriodSeconds(period).withTimeoutSeconds(5).withFailureThreshold(failures)
                .build();
    }
}
