package io.envsaga.contracts.asyncapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * docs/asyncapi.yaml through the official AsyncAPI parser (npm {@code @asyncapi/parser}, pinned
 * by scripts/asyncapi/package-lock.json): a fresh clone installs it once with {@code npm ci}
 * from the npm registry (node_modules is not committed). Needs node 18+ and npm on the PATH; a
 * machine without them can skip this one test with {@code -Denvsaga.asyncapi.validate=false}.
 * A broken copy of the document is validated too, so that a validator that accepts anything
 * fails the test.
 */
class AsyncApiValidationTest {

    static final Path TOOL = AsyncApiDocument.FILE.getParent().resolveSibling("scripts/asyncapi");

    @Test
    void theDocumentIsValidAndABrokenCopyIsNot() throws Exception {
        if ("false".equals(System.getProperty("envsaga.asyncapi.validate"))) {
            return;
        }
        assertThat(run(List.of("node", "--version"), 30).exitCode())
                .as("node 18+ and npm are needed to validate docs/asyncapi.yaml (or -Denvsaga.asyncapi.validate=false)").isZero();
        Path installed = TOOL.resolve("node_modules/.package-lock.json");
        if (!Files.exists(installed)
                || Files.getLastModifiedTime(TOOL.resolve("package-lock.json")).compareTo(Files.getLastModifiedTime(installed)) > 0) {
            Result install = run(List.of("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"), 600);
            assertThat(install.exitCode()).as("npm ci in scripts/asyncapi:\n%s", install.output()).isZero();
        }
        // the copy sits beside a copy of the spec's schema, so that its $ref resolves as the original's does
        Path broken = Path.of("target/asyncapi-broken").toAbsolutePath();
        Files.createDirectories(broken.resolve("schema"));
        Files.copy(AsyncApiDocument.FILE.resolveSibling(PayloadSchemaCheck.ENVIRONMENT_SCHEMA),
                broken.resolve(PayloadSchemaCheck.ENVIRONMENT_SCHEMA), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String original = Files.readString(AsyncApiDocument.FILE);
        assertThat(original).contains("    action: send\n");
        Files.writeString(broken.resolve("asyncapi.yaml"), original.replaceFirst("    action: send\n", "    action: publish\n"));

        Result result = run(List.of("node", "validate.mjs", AsyncApiDocument.FILE.toString(), broken.resolve("asyncapi.yaml").toString()), 300);

        assertThat(result.output()).as(result.output())
                .contains(AsyncApiDocument.FILE + ": valid, AsyncAPI 3.1.0")
                .doesNotContain(AsyncApiDocument.FILE + ": error")
                .contains(broken.resolve("asyncapi.yaml") + ": invalid")
                .containsPattern("asyncapi-broken/asyncapi.yaml: error .* at operations\\.submitEnvironment\\.action");
        assertThat(result.exitCode()).isEqualTo(1);
    }

    record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("asyncapi-", ".log");
        try {
            Process process;
            try {
                process = new ProcessBuilder(new ArrayList<>(command)).directory(TOOL.toFile())
                        .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
            } catch (IOException e) {
                return new Result(-1, command.get(0) + " cannot be started: " + e.getMessage());
            }
            process.getOutputStream().close();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-2, String.join(" ", command) + " took over " + timeoutSeconds + " s:\n" + Files.readString(log));
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
