package io.envsaga.contracts.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JSON Schema of the spec in docs/schema/ is generated from the spec's records and their
 * constraints. This test fails when the file is stale; regenerate it with
 * {@code ./mvnw -pl libs/contracts test -Dtest=JsonSchemaTest -Denvsaga.schema.update=true}.
 */
class JsonSchemaTest {

    static final Path SCHEMA = Examples.dir().resolveSibling("docs/schema/environment.schema.json");

    static String generate() {
        return SpecSchemas.environment().toPrettyString() + "\n";
    }

    @Test
    void theCommittedSchemaIsCurrent() throws IOException {
        String generated = generate();
        if (Boolean.getBoolean("envsaga.schema.update")) {
            Files.createDirectories(SCHEMA.getParent());
            Files.writeString(SCHEMA, generated);
        }
        assertThat(SCHEMA).as("docs/schema/environment.schema.json (regenerate with -Denvsaga.schema.update=true)").exists();
        assertThat(Files.readString(SCHEMA)).as("docs/schema/environment.schema.json is stale: regenerate it with "
                + "./mvnw -pl libs/contracts test -Dtest=JsonSchemaTest -Denvsaga.schema.update=true").isEqualTo(generated);
    }

    @ParameterizedTest
    @ValueSource(strings = {"codedang-stage.yaml", "codedang-production.yaml", "codedang-preview.yaml"})
    void theSchemaAcceptsEveryExample(String example) {
        Set<ValidationMessage> errors = SchemaChecks.jsonSchema(SpecMapper.yaml().readTree(Examples.read(example)));

        assertThat(errors).extracting(ValidationMessage::getMessage).isEmpty();
    }

    @Test
    void theSchemaCatchesWhatAnEditorShouldFlag() {
        String broken = Examples.read("codedang-preview.yaml")
                .replace("tier: preview", "tier: qa")
                .replace("      replicas: 1\n", "      replicas: 1\n      sidecar: true\n")
                .replace("ghcr.io/skkuding/codedang-frontend:pr-1234", "Not An Image");

        Set<ValidationMessage> errors = SchemaChecks.jsonSchema(SpecMapper.yaml().readTree(broken));

        assertThat(errors).extracting(ValidationMessage::getInstanceLocation).extracting(Object::toString)
                .contains("$.spec.tier", "$.spec.workloads[0].image", "$.spec.workloads[0]");
    }
}
