package io.envsaga.simulation.specs;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.EnvironmentValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small valid specs for tests that need an environment but not a particular one. */
public final class TestSpecs {

    private TestSpecs() {
    }

    /** A preview of one frontend workload, {@code <name>.preview.codedang.com}, as YAML. */
    public static String previewYaml(String name, String image) {
        return """
                apiVersion: envsaga.io/v1
                kind: Environment
                metadata: { name: %s }
                spec:
                  tier: preview
                  dns: { zone: codedang.com, hosts: [%s.preview.codedang.com] }
                  workloads:
                    - { name: frontend, image: %s, port: 5525 }
                """.formatted(name, name, image);
    }

    /** {@link #previewYaml(String, String)} on {@code cluster} ({@code spec.cluster}). */
    public static String previewYaml(String name, String image, String cluster) {
        return previewYaml(name, image).replace("  tier: preview\n", "  tier: preview\n  cluster: " + cluster + "\n");
    }

    /** The project's example {@code examples/<name>.yaml} (found above the working directory), as text. */
    public static String exampleYaml(String name) {
        java.nio.file.Path dir = java.nio.file.Path.of("").toAbsolutePath();
        while (dir != null && !java.nio.file.Files.isDirectory(dir.resolve("examples"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no examples/ above " + java.nio.file.Path.of("").toAbsolutePath());
        }
        try {
            return java.nio.file.Files.readString(dir.resolve("examples").resolve(name + ".yaml"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A spec as YAML, validated as the orchestrator does at submit. */
    public static Environment validated(String yaml) {
        return new EnvironmentValidator().validate(yaml).orThrow();
    }

    /** One of the project's examples/ (read from the repository, as users read them), validated. */
    public static Environment example(String name) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("examples"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no examples/ above " + Path.of("").toAbsolutePath());
        }
        try {
            return new EnvironmentValidator().validate(Files.readString(dir.resolve("examples").resolve(name + ".yaml"))).orThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The largest valid spec: a preview with as many workloads as the tier allows (20), padded with
     * plain {@code env} values to exactly {@code bytes} bytes of JSON (the validator's document
     * limit, {@code envsaga.spec.max-document-bytes}, is 262144 by default).
     */
    public static String largestJson(String name, int bytes) {
        StringBuilder workloads = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            workloads.append(i == 0 ? "" : ",").append("{\"name\":\"w").append(i)
                    .append("\",\"image\":\"ghcr.io/skkuding/codedang-frontend:v1\",\"port\":5525,\"env\":{\"PAD\":\"%s\"}}");
        }
        String template = ("{\"apiVersion\":\"envsaga.io/v1\",\"kind\":\"Environment\",\"metadata\":{\"name\":\"" + name
                + "\"},\"spec\":{\"tier\":\"preview\",\"workloads\":[" + workloads + "]}}");
        int fixed = template.replace("%s", "").getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        int each = (bytes - fixed) / 20;
        int first = bytes - fixed - each * 19;
        String json = template.replaceFirst("%s", "x".repeat(first)).replace("%s", "x".repeat(each));
        if (json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length != bytes) {
            throw new IllegalStateException("padding miscounted");
        }
        return json;
    }

    public static Environment preview(String name, String image) {
        return new EnvironmentValidator().validate(previewYaml(name, image)).orThrow();
    }
}
