package io.envsaga.envctl.spec;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.EnvironmentValidator;
import io.envsaga.contracts.spec.ValidationResult;
import io.envsaga.contracts.spec.Violation;
import io.envsaga.envctl.cli.EnvctlException;
import io.envsaga.envctl.cli.ExitCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A spec file as envctl sends it: read ({@code -} is stdin), placeholders filled, and checked by the
 * server's own validator before anything leaves the machine.
 *
 * @param bytes       the document after {@code --set}, as it is sent
 * @param json        whether it is JSON (else YAML)
 * @param environment the bound spec when valid
 */
public record SpecDocument(String file, byte[] bytes, boolean json, Environment environment) {

    public static SpecDocument read(Path workingDirectory, InputStream stdin, String file, List<String> assignments) {
        Map<String, String> values = Template.values(assignments);
        byte[] raw;
        try {
            raw = "-".equals(file) ? stdin.readAllBytes() : Files.readAllBytes(workingDirectory.resolve(file));
        } catch (NoSuchFileException e) {
            throw EnvctlException.invalid("no such file: " + file);
        } catch (IOException e) {
            throw EnvctlException.invalid("cannot read " + file + ": " + e.getMessage());
        }
        byte[] bytes = Template.fill(new String(raw, StandardCharsets.UTF_8), values).getBytes(StandardCharsets.UTF_8);
        boolean json = looksLikeJson(bytes);
        ValidationResult result = new EnvironmentValidator().validate(bytes);
        if (!result.isValid()) {
            throw new InvalidFile(file, bytes, json, result.violations());
        }
        return new SpecDocument(file, bytes, json, result.environment());
    }

    private static boolean looksLikeJson(byte[] document) {
        String text = new String(document, StandardCharsets.UTF_8).stripLeading();
        return text.startsWith("{") || text.startsWith("[");
    }

    /** The file breaks the spec's rules: every violation, with its place in the file where known. */
    public static final class InvalidFile extends EnvctlException {

        private final List<String> lines;

        InvalidFile(String file, byte[] bytes, boolean json, List<Violation> violations) {
            super(ExitCode.INVALID, file + ": " + violations.size() + " violation(s)");
            SourcePositions positions = SourcePositions.of(bytes, json);
            this.lines = violations.stream().map(v -> {
                String where = positions.find(v.path()).map(p -> " (" + p + ")").orElse("");
                return v.path().isEmpty() ? v.message() + where : v.path() + ": " + v.message() + where;
            }).toList();
        }

        public List<String> lines() {
            return lines;
        }
    }
}
