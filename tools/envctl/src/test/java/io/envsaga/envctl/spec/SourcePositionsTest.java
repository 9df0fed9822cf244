package io.envsaga.envctl.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SourcePositionsTest {

    static final String YAML = """
            apiVersion: envsaga.io/v1
            metadata:
              name: x
            spec:
              workloads:
                - name: a
                  image: one
                - name: b
                  image: two
                  env:
                    BAD-NAME: v
              dns: { hosts: [a.example.com, b.example.com] }
            """;

    @Test
    void pathsOfTheValidatorPointAtTheirLines() {
        SourcePositions positions = SourcePositions.of(YAML.getBytes(StandardCharsets.UTF_8), false);

        assertThat(positions.find("metadata.name")).hasValueSatisfying(p -> assertThat(p.line()).isEqualTo(3));
        assertThat(positions.find("spec.workloads[1].image")).hasValueSatisfying(p -> assertThat(p.line()).isEqualTo(9));
        assertThat(positions.find("spec.workloads[1].env[BAD-NAME]")).hasValueSatisfying(p -> assertThat(p.line()).isEqualTo(11));
        assertThat(positions.find("spec.dns.hosts[1]")).hasValueSatisfying(p -> assertThat(p.line()).isEqualTo(12));
    }

    @Test
    void aMissingFieldPointsAtItsParent() {
        SourcePositions positions = SourcePositions.of(YAML.getBytes(StandardCharsets.UTF_8), false);

        assertThat(positions.find("spec.workloads[0].port")).hasValueSatisfying(p -> assertThat(p.line()).isEqualTo(6));
        assertThat(positions.find("kind")).isEmpty();
    }

    @Test
    void jsonAndBrokenDocumentsToo() {
        SourcePositions json = SourcePositions.of("{\n \"metadata\": {\n  \"name\": \"x\"\n }\n}".getBytes(StandardCharsets.UTF_8), true);
        SourcePositions broken = SourcePositions.of("a: [\n".getBytes(StandardCharsets.UTF_8), false);

        assertThat(json.find("metadata.name")).hasValueSatisfying(p -> assertThat(p.line()).isEqualTo(3));
        assertThat(broken.find("a")).hasValueSatisfying(p -> assertThat(p.line()).isEqualTo(1));
    }
}
