package io.envsaga.envctl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * examples/github-actions/preview.yml against GitHub's workflow syntax (SchemaStore's JSON Schema,
 * vendored in src/test/resources/schemas with its source), and the schema is strict enough to matter.
 */
class PreviewWorkflowSchemaTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonSchema schema() throws Exception {
        try (InputStream in = PreviewWorkflowSchemaTest.class.getResourceAsStream("/schemas/github-workflow.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        }
    }

    /** Read as YAML 1.2, as GitHub does: {@code on:} is the key "on", not YAML 1.1's boolean true. */
    static JsonNode workflow(String yaml) throws Exception {
        return JSON.readTree(io.envsaga.contracts.spec.SpecMapper.json().writeValueAsString(io.envsaga.contracts.spec.SpecMapper.yaml().readTree(yaml)));
    }

    @Test
    void thePreviewWorkflowFollowsGithubsWorkflowSyntax() throws Exception {
        String yaml = Files.readString(Cli.repositoryRoot().resolve("examples/github-actions/preview.yml"));

        Set<ValidationMessage> errors = schema().validate(workflow(yaml));

        assertThat(errors).isEmpty();
    }

    @Test
    void theExpiryWarningWorkflowFollowsGithubsWorkflowSyntax() throws Exception {
        String yaml = Files.readString(Cli.repositoryRoot().resolve("examples/github-actions/preview-expiry.yml"));

        assertThat(schema().validate(workflow(yaml))).isEmpty();
        // it reads what GET says (expiresAt) through envctl's JSON, as documented
        assertThat(yaml).contains("-o json", ".expiresAt");
    }

    @Test
    void theSchemaRejectsAMistakeAWorkflowCouldHave() throws Exception {
        String yaml = Files.readString(Cli.repositoryRoot().resolve("examples/github-actions/preview.yml"))
                .replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest");

        assertThat(schema().validate(workflow(yaml))).isNotEmpty();
    }
}
