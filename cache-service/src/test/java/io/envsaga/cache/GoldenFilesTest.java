package io.envsaga.cache;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.kubernetes.EnvironmentApplier;
import io.envsaga.kubernetes.KubernetesSettings;
import io.envsaga.testsupport.golden.GoldenFiles;
import io.envsaga.simulation.specs.Examples;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cache step's objects of generation 1 of Codedang's examples, exactly as the step applies
 * them, against src/test/resources/golden/. The password of the Secret is generated at the first
 * apply; the golden file shows a placeholder in its place.
 */
class GoldenFilesTest {

    static final String PLACEHOLDER_PASSWORD = "generated-at-the-first-apply";

    @ParameterizedTest
    @ValueSource(strings = {"codedang-stage", "codedang-production"})
    void renderedObjectsMatchTheGoldenFile(String example) {
        Environment environment = Examples.example(example);
        GoldenFiles.assertMatches(example, EnvironmentApplier.stamped(CacheObjects.target(environment, 1),
                CacheObjects.desired(environment, CacheProperties.standard(), KubernetesSettings.defaults().podFailures(),
                        PLACEHOLDER_PASSWORD).stream().flatMap(java.util.List::stream).toList()));
    }
}
