package io.envsaga.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.testsupport.kubernetes.KubernetesTestCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A generated credential is made once and kept; a StatefulSet's claims go with DELETE_ALL only. */
class CreateOnlyTest {

    @RegisterExtension
    static final KubernetesTestCluster cluster = new KubernetesTestCluster();

    private static final ManagedKind SECRET = ManagedKind.of(Secret.class);
    private static final ManagedKind CONFIG_MAP = ManagedKind.of(ConfigMap.class);
    private static final ManagedKind STATEFUL_SET = ManagedKind.of(StatefulSet.class);

    private final EnvironmentApplier applier = new EnvironmentApplier(cluster.client(),
            new KubernetesSettings(null, null, Duration.ofSeconds(30), Duration.ofSeconds(10), 3));
    private final KubernetesClient client = cluster.client();

    @Test
    void aCreateOnlySecretIsNeverRewrittenNorPrunedAndReleaseKeepsItUnlessToldToDeleteAll() throws Exception {
        String ns = "co-secret";
        applier.apply(target(ns, 1), List.of(Desired.createOnly(secret("one")), Desired.of(configMap("a"), ReadinessRules.applied())), p -> { });
        assertThat(password(ns)).isEqualTo("one");

        EnvironmentApplier.Applied second = applier.apply(target(ns, 2),
                List.of(Desired.createOnly(secret("two")), Desired.of(configMap("b"), ReadinessRules.applied())), p -> { });
        assertThat(second.applied()).containsExactly("ConfigMap settings");
        assertThat(password(ns)).as("a later generation never rewrites it").isEqualTo("one");
        assertThat(client.secrets().inNamespace(ns).withName("db-credentials").get().getMetadata().getLabels())
                .containsEntry(Labels.GENERATION, "1").containsEntry(Labels.CREATE_ONLY, "true");

        EnvironmentApplier.Applied third = applier.apply(target(ns, 3), List.of(Desired.of(configMap("c"), ReadinessRules.applied())), p -> { });
        assertThat(third.pruned()).isEmpty();
        assertThat(password(ns)).as("nor prunes it").isEqualTo("one");

        assertThat(applier.release(target(ns, 3), Long.MAX_VALUE, Retention.KEEP_CREATE_ONLY)).containsExactly("ConfigMap settings");
        assertThat(password(ns)).isEqualTo("one");
        assertThat(client.namespaces().withName(ns).get()).as("the kept Secret keeps the step a holder").isNotNull();
        assertThat(applier.release(target(ns, 3), Long.MAX_VALUE, Retention.DELETE_ALL))
                .containsExactly("Secret db-credentials", "Namespace " + ns);
        assertThat(client.secrets().inNamespace(ns).withName("db-credentials").get()).isNull();
    }

    @Test
    void theClaimsOfTheStepsStatefulSetsAreKeptWithTheDataAndDeletedWithDeleteAll() throws Exception {
        String ns = "co-claims";
        List<Desired> desired = List.of(Desired.of(statefulSet(), ReadinessRules.applied()));
        HasMetadata stamped = EnvironmentApplier.stamped(target(ns, 1), desired).get(1);
        assertThat(((StatefulSet) stamped).getSpec().getVolumeClaimTemplates().get(0).getMetadata().getLabels())
                .as("claims carry the step's labels, never the generation").isEqualTo(Labels.selector(ns, "storage"));
        applier.apply(target(ns, 1), desired, p -> { });
        // what the StatefulSet controller makes: the template's labels, named <template>-<set>-<ordinal>
        claim(ns, "data-db-0", Labels.selector(ns, "storage"));
        claim(ns, "data-db-1", Map.of());
        claim(ns, "other", Map.of());

        applier.release(target(ns, 1), Long.MAX_VALUE, Retention.KEEP_CREATE_ONLY);
        assertThat(client.persistentVolumeClaims().inNamespace(ns).list().getItems()).hasSize(3);

        applier.apply(target(ns, 2), desired, p -> { });
        assertThat(applier.release(target(ns, 2), Long.MAX_VALUE, Retention.DELETE_ALL))
                .containsExactly("StatefulSet db", "PersistentVolumeClaim data-db-0", "PersistentVolumeClaim data-db-1");
        assertThat(client.persistentVolumeClaims().inNamespace(ns).list().getItems()).extracting(c -> c.getMetadata().getName())
                .containsExactly("other");
    }

    private static Target target(String ns, long generation) {
        return new Target(ns, ns, "storage", generation, List.of(CONFIG_MAP, STATEFUL_SET, SECRET));
    }

    private String password(String ns) {
        return client.secrets().inNamespace(ns).withName("db-credentials").get().getStringData() != null
                && client.secrets().inNamespace(ns).withName("db-credentials").get().getStringData().get("password") != null
                ? client.secrets().inNamespace(ns).withName("db-credentials").get().getStringData().get("password")
                : new String(java.util.Base64.getDecoder().decode(client.secrets().inNamespace(ns).withName("db-credentials").get()
                .getData().get("password")), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Secret secret(String password) {
        return new SecretBuilder().withNewMetadata().withName("db-credentials").endMetadata().addToStringData("password", password).build();
    }

    private static ConfigMap configMap(String value) {
        return new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata().addToData("value", value).build();
    }

    private static StatefulSet statefulSet() {
        return new StatefulSetBuilder().withNewMetadata().withName("db").endMetadata().withNewSpec().withReplicas(2)
                .withNewSelector().addToMatchLabels("app", "db").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "db").endMetadata().withNewSpec().addNewContainer().withName("db")
                .withImage("postgres:17").endContainer().endSpec().endTemplate()
                .addNewVolumeClaimTemplate().withNewMetadata().withName("data").endMetadata().withNewSpec()
                .withAccessModes("ReadWriteOnce").withNewResources().addToRequests("storage", new io.fabric8.kubernetes.api.model.Quantity("1Gi"))
                .endResources().endSpec().endVolumeClaimTemplate().endSpec().build();
    }

    private void claim(String ns, String name, Map<String, String> labels) {
        PersistentVolumeClaim claim = new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").endSpec().build();
        client.persistentVolumeClaims().inNamespace(ns).resource(claim).create();
    }
}
