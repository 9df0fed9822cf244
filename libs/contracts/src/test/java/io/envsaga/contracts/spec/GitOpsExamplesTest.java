package io.envsaga.contracts.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.resource.EnvironmentObjects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * examples/gitops/ holds Codedang's stage and production as Environment objects: the CRD's schema
 * takes each, the validator takes the spec inside it, and that spec is the one of the REST
 * example of the same name, so the two cannot drift apart.
 */
class GitOpsExamplesTest {

    private final EnvironmentValidator validator = new EnvironmentValidator();

    @ParameterizedTest
    @ValueSource(strings = {"codedang-stage.yaml", "codedang-production.yaml"})
    void theCrdTakesTheObjectAndTheValidatorItsSpec(String file) {
        JsonNode object = SpecMapper.yaml().readTree(Examples.read("gitops/" + file));

        assertThat(SchemaChecks.crd(object)).isEmpty();
        ValidationResult result = validator.validate(SpecMapper.json().writeValueAsString(EnvironmentObjects.specDocument(object)));
        assertThat(result.violations()).isEmpty();
        assertThat(object.at("/metadata/namespace").asString()).isEqualTo("codedang-environments");
    }

    @ParameterizedTest
    @ValueSource(strings = {"codedang-stage.yaml", "codedang-production.yaml"})
    void itsSpecIsTheRestExamplesSpec(String file) {
        JsonNode object = SpecMapper.yaml().readTree(Examples.read("gitops/" + file));

        assertThat(EnvironmentObjects.specDocument(object)).isEqualTo(SpecMapper.yaml().readTree(Examples.read(file)));
    }
}
