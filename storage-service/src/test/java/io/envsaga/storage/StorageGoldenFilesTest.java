package io.envsaga.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.kubernetes.Desired;
import io.envsaga.kubernetes.EnvironmentApplier;
import io.envsaga.kubernetes.KubernetesSettings;
import io.envsaga.testsupport.golden.GoldenFiles;
import io.envsaga.simulation.specs.TestSpecs;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The storage step's objects for codedang-stage, exactly as applied, against src/test/resources/golden/codedang-stage.yaml. */
class StorageGoldenFilesTest {

    /** Shows which value a generated credential would be, instead of a random one. */
    static final Credentials NAMED = (purpose, length) -> "generated-" + purpose.replace(' ', '-') + "-" + length;

    static List<HasMetadata> objects(Environment environment) {
        List<Desired> desired = StorageObjects.groups(environment, StorageProperties.standard(), NAMED,
                KubernetesSettings.defaults().podFailures()).stream().flatMap(List::stream).toList();
        return EnvironmentApplier.stamped(StorageObjects.target(environment, 1), desired);
    }

    @Test
    void codedangStage() {
        GoldenFiles.assertMatches("codedang-stage", GoldenFiles.yaml(objects(TestSpecs.example("codedang-stage"))));
    }

    @Test
    void productionRendersNothing() {
        assertThat(StorageObjects.groups(TestSpecs.example("codedang-production"), StorageProperties.standard(), NAMED,
                KubernetesSettings.defaults().podFailures())).isEmpty();
    }
}
