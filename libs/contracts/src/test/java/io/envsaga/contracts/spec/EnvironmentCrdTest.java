package io.envsaga.contracts.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * deploy/crds/environments.envsaga.io.yaml is {@link EnvironmentCrd}'s output (regenerate with
 * {@code -Denvsaga.schema.update=true}), and its schema is one a Kubernetes API server accepts
 * ({@link StructuralRules}).
 */
class EnvironmentCrdTest {

    @Test
    void theCommittedCrdIsCurrent() throws IOException {
        String generated = EnvironmentCrd.yaml();
        if (Boolean.getBoolean("envsaga.schema.update")) {
            Files.createDirectories(EnvironmentCrd.FILE.getParent());
            Files.writeString(EnvironmentCrd.FILE, generated);
        }
        assertThat(EnvironmentCrd.FILE).as("deploy/crds/environments.envsaga.io.yaml (regenerate with -Denvsaga.schema.update=true)").exists();
        assertThat(Files.readString(EnvironmentCrd.FILE)).as("deploy/crds/environments.envsaga.io.yaml is stale: regenerate it with "
                + "./mvnw -B -q -pl libs/contracts -am test -Dtest=EnvironmentCrdTest -Dsurefire.failIfNoSpecifiedTests=false "
                + "-Denvsaga.schema.update=true").isEqualTo(generated);
    }

    @Test
    void theSchemaIsStructural() throws IOException {
        JsonNode crd = SpecMapper.yaml().readTree(Files.readString(EnvironmentCrd.FILE));
        JsonNode schema = crd.at("/spec/versions/0/schema/openAPIV3Schema");

        assertThat(StructuralRules.violations(schema)).isEmpty();
        assertThat(StructuralRules.preservingUnknownFields(schema)).as("only the queue arguments take any value")
                .containsExactly(".spec.messaging.queues[].arguments");
    }

    @Test
    void itIsANamespacedV1ResourceWithAStatusAndTheColumnsKubectlShows() throws IOException {
        JsonNode crd = SpecMapper.yaml().readTree(Files.readString(EnvironmentCrd.FILE));

        assertThat(crd.at("/metadata/name").asString()).isEqualTo("environments.envsaga.io");
        assertThat(crd.at("/spec/scope").asString()).isEqualTo("Namespaced");
        JsonNode version = crd.at("/spec/versions/0");
        assertThat(version.get("name").asString()).isEqualTo("v1");
        assertThat(version.at("/subresources/status").isObject()).isTrue();
        assertThat(version.get("additionalPrinterColumns").valueStream().map(c -> c.get("name").asString()))
                .containsExactly("Phase", "Generation", "Cluster", "Hosts", "Age");
        JsonNode status = version.at("/schema/openAPIV3Schema/properties/status/properties");
        assertThat(status.propertyNames()).containsExactlyInAnyOrder("phase", "observedGeneration", "conditions", "steps", "sagaId");
        assertThat(status.at("/conditions/items/properties").propertyNames())
                .containsExactlyInAnyOrder("type", "status", "reason", "message", "lastTransitionTime", "observedGeneration");
        assertThat(status.at("/conditions/items/required").valueStream().map(JsonNode::asString))
                .containsExactlyInAnyOrder("type", "status", "reason", "message", "lastTransitionTime");
        assertThat(status.at("/steps/items/properties").propertyNames()).containsExactlyInAnyOrder("step", "state", "reason", "outputs");
    }
}
