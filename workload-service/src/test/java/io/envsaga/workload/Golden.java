package io.envsaga.workload;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.kubernetes.EnvironmentApplier;
import io.envsaga.kubernetes.KubernetesSettings;
import io.envsaga.testsupport.golden.GoldenFiles;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/** Golden files of the workload step's objects under src/test/resources/golden/ (see {@link GoldenFiles}). */
final class Golden {

    private Golden() {
    }

    /** The objects of generation 1 of an environment, exactly as the step applies them. */
    static List<HasMetadata> objects(Environment environment) {
        return EnvironmentApplier.stamped(WorkloadObjects.target(environment, 1),
                WorkloadObjects.desired(environment, WorkloadProperties.standard(), KubernetesSettings.defaults().podFailures()));
    }

    static String yaml(List<? extends HasMetadata> objects) {
        return GoldenFiles.yaml(objects);
    }

    static List<HasMetadata> read(String name) {
        return GoldenFiles.read(name);
    }

    static void assertMatches(String name, List<? extends HasMetadata> objects) {
        GoldenFiles.assertMatches(name, objects);
    }

    static void assertMatches(String name, String actual) {
        GoldenFiles.assertMatches(name, actual);
    }
}
