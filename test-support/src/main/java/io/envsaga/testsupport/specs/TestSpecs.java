package io.envsaga.testsupport.specs;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.EnvironmentValidator;

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

    public static Environment preview(String name, String image) {
        return new EnvironmentValidator().validate(previewYaml(name, image)).orThrow();
    }
}
