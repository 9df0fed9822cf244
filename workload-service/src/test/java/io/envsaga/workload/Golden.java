package io.envsaga.workload;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.kubernetes.EnvironmentApplier;
import io.envsaga.kubernetes.KubernetesSettings;
import io.envsaga.testsupport.golden.GoldenFiles;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Golden files of rendered objects under src/test/resources/golden/. A difference fails the test;
 * {@code -Dgolden.update=true} rewrites the files instead (review the diff before committing).
 */
final class Golden {

    static final Path DIR = GoldenFiles.DIR;
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Golden() {
    }

    /** The objects of generation 1 of an environment, exactly as the step applies them. */
    static List<HasMetadata> objects(Environment environment) {
        return EnvironmentApplier.stamped(WorkloadObjects.target(environment, 1),
                WorkloadObjects.desired(environment, WorkloadProperties.standard(), KubernetesSettings.defaults().podFailures()));
    }

    static List<HasMetadata> read(String name) {
        try {
            String text = Files.readString(DIR.resolve(name + ".yaml"));
            Object parsed = SERIALIZATION.unmarshal(text);
            @SuppressWarnings("unchecked")
            List<HasMetadata> list = parsed instanceof List<?> l ? (List<HasMetadata>) l : List.of((HasMetadata) parsed);
            return list;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assertMatches(String name, List<? extends HasMetadata> objects) {
        GoldenFiles.assertMatches(name, objects);
    }
}
