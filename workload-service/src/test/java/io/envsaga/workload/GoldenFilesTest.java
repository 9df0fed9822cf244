package io.envsaga.workload;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rendered objects of the three Codedang examples, against their golden files. */
class GoldenFilesTest {

    @ParameterizedTest
    @ValueSource(strings = {"codedang-stage", "codedang-production", "codedang-preview"})
    void renderedObjectsMatchTheGoldenFile(String example) {
        Golden.assertMatches(example, Golden.objects(Specs.example(example)));
    }
}
