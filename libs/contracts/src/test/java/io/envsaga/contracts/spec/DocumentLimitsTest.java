package io.envsaga.contracts.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Malformed, oversized and hostile documents: rejected quickly, with a message, never a stack trace. */
class DocumentLimitsTest {

    private final EnvironmentValidator validator = new EnvironmentValidator();

    @Test
    void aOneMegabyteDocumentIsRejectedWithinASecond() {
        String big = Examples.read("codedang-stage.yaml") + "# " + "x".repeat(1024 * 1024) + "\n";

        ValidationResult result = assertTimeoutPreemptively(Duration.ofSeconds(1), () -> validator.validate(big));

        assertThat(result.violations()).singleElement().satisfies(v -> {
            assertThat(v.path()).isEmpty();
            assertThat(v.message()).contains("the limit is 262144");
        });
    }

    @Test
    void anAliasIsRefusedWhereItStandsAsAValueAndAsAKey() {
        String value = """
                apiVersion: envsaga.io/v1
                kind: Environment
                metadata: { name: aliased }
                spec:
                  tier: preview
                  workloads:
                    - { name: a, image: &img ghcr.io/x/a:1 }
                    - { name: b, image: *img }
                """;
        String key = """
                apiVersion: envsaga.io/v1
                kind: Environment
                metadata: &m { name: aliased }
                spec:
                  *m : 1
                """;

        assertThat(validator.validate(value).violations()).singleElement().satisfies(v -> {
            assertThat(v.path()).isEqualTo("spec.workloads[1].image");
            assertThat(v.message()).isEqualTo("YAML aliases are not supported at line 8, column 25 (write the value out)");
        });
        // as a key, the YAML reader itself refuses it (a property name must be a scalar), at the same place
        assertThat(validator.validate(key).violations()).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("at line 5, column 5").contains("*m"));
    }

    @Test
    void anAliasBombIsRejectedWithinASecondAndWithBoundedMemory() {
        StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char p = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [*").append(p);
            for (int i = 0; i < 8; i++) {
                bomb.append(",*").append(p);
            }
            bomb.append("]\n");
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

        ValidationResult result = assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
            long before = threads.getCurrentThreadAllocatedBytes();
            ValidationResult r = validator.validate(bomb.toString());
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            // expanded, the bomb is 9^9 strings (gigabytes); refused, it costs a few megabytes at most
            assertThat(allocated).isLessThan(64L * 1024 * 1024);
            return r;
        });

        assertThat(result.isValid()).isFalse();
        assertThat(result.violations()).singleElement().satisfies(v -> assertThat(v.message()).contains("aliases are not supported"));
    }

    @Test
    void malformedYamlSaysWhere() {
        ValidationResult result = validator.validate("apiVersion: envsaga.io/v1\nkind: Environment\nmetadata: {name: x\nspec: [\n");

        assertThat(result.violations()).singleElement().satisfies(v -> {
            assertThat(v.message()).startsWith("malformed YAML at line");
            assertThat(v.message()).doesNotContain("Exception");
        });
    }

    @Test
    void malformedJsonSaysWhere() {
        ValidationResult result = validator.validate("{\"apiVersion\": \"envsaga.io/v1\", \"kind\": ");

        assertThat(result.violations()).singleElement().satisfies(v -> assertThat(v.message()).startsWith("malformed JSON"));
    }

    @Test
    void emptyAndNonMappingDocumentsAreRejected() {
        assertThat(validator.validate("").violations()).extracting(Violation::message).containsExactly("the document is empty");
        assertThat(validator.validate("   \n").violations()).extracting(Violation::message).containsExactly("the document is empty");
        assertThat(validator.validate("- a\n- b\n").violations()).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("must be a mapping"));
        assertThat(validator.validate(new byte[] {0, 1, 2, (byte) 0xff}).isValid()).isFalse();
    }

    @Test
    void duplicateKeysAreRejected() {
        String doubled = Examples.read("codedang-preview.yaml").replace("  tier: preview\n", "  tier: preview\n  tier: stage\n");

        ValidationResult result = validator.validate(doubled);

        assertThat(result.violations()).singleElement().satisfies(v -> assertThat(v.message()).contains("Duplicate"));
    }

    @Test
    void deeplyNestedDocumentsAreRejected() {
        String deep = "{\"a\":".repeat(5000) + "1" + "}".repeat(5000);

        ValidationResult result = validator.validate(deep);

        assertThat(result.isValid()).isFalse();
        assertThat(result.violations().get(0).message()).contains("nesting depth");
    }

    @Test
    void everyUnknownFieldIsReportedNotOnlyTheFirst() {
        String spec = Examples.read("codedang-preview.yaml")
                .replace("  tier: preview\n", "  tier: preview\n  color: blue\n")
                .replace("      replicas: 1\n", "      replicas: 1\n      sidecar: true\n");

        ValidationResult result = validator.validate(spec);

        assertThat(result.violations()).extracting(Violation::toString)
                .containsExactlyInAnyOrder("spec.color: unknown field 'color'", "spec.workloads[0].sidecar: unknown field 'sidecar'");
    }
}
