package io.envsaga.contracts.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-tier caps: a preview cannot ask the cluster for everything it has; Codedang's real environments fit with room. */
class TierCapsTest {

    private final EnvironmentValidator validator = new EnvironmentValidator();

    /** The attack of issue 11: 1,500 workloads x 20 replicas, 64 CPUs each, 3,000 hosts, in a document under the size limit. */
    static String hugePreview() {
        StringBuilder spec = new StringBuilder("""
                apiVersion: envsaga.io/v1
                kind: Environment
                metadata: { name: codedang-pr-666 }
                spec:
                  tier: preview
                  dns:
                    zone: codedang.com
                    hosts:
                """);
        for (int i = 0; i < 3000; i++) {
            spec.append("      - h").append(i).append(".preview.codedang.com\n");
        }
        spec.append("  workloads:\n");
        for (int i = 0; i < 1500; i++) {
            spec.append("    - {name: w").append(i).append(", image: 'x/y:1', replicas: 20, resources: {requests: {cpu: '64'}}}\n");
        }
        return spec.toString();
    }

    @Test
    void aHugePreviewIsRefusedWithEveryCapItBreaks() {
        String spec = hugePreview();
        assertThat(spec.length()).as("under the document limit, so that only the caps can refuse it")
                .isBetween(200_000, SpecLimits.DEFAULT_MAX_DOCUMENT_BYTES);

        ValidationResult result = validator.validate(spec);

        assertThat(result.isValid()).isFalse();
        assertThat(result.violations()).extracting(Violation::path).contains("spec.workloads", "spec.dns.hosts");
        assertThat(result.violations()).extracting(Violation::message).anySatisfy(m -> assertThat(m).contains("1500 workloads"))
                .anySatisfy(m -> assertThat(m).contains("30000 replicas in total"))
                .anySatisfy(m -> assertThat(m).contains("request 1920000 CPUs"))
                .anySatisfy(m -> assertThat(m).contains("3000 hosts"));
    }

    @Test
    void codedangsEnvironmentsFitTheDefaultCaps() {
        for (String example : new String[] {"codedang-production.yaml", "codedang-stage.yaml", "codedang-preview.yaml"}) {
            assertThat(validator.validate(Examples.read(example)).violations()).as(example).isEmpty();
        }
    }

    @Test
    void capsAreConfigurablePerTier() {
        EnvironmentValidator strict = new EnvironmentValidator(new SpecLimits(20, 256 * 1024,
                Map.of(Tier.PRODUCTION, new TierCaps(3, 1, 5, "2", "2Gi"))));

        ValidationResult result = strict.validate(Examples.read("codedang-production.yaml"));

        assertThat(result.violations()).extracting(Violation::message)
                .anySatisfy(m -> assertThat(m).contains("4 workloads; a production environment may have at most 3"))
                .anySatisfy(m -> assertThat(m).contains("11 replicas in total"))
                .anySatisfy(m -> assertThat(m).contains("may request at most 2 (envsaga.spec.tiers.production.max-cpu)"))
                .anySatisfy(m -> assertThat(m).contains("may request at most 2Gi"));
    }

    @Test
    void quantitiesAreReadAsKubernetesReadsThem() {
        assertThat(Quantities.parse("500m")).isEqualByComparingTo("0.5");
        assertThat(Quantities.parse("1Gi")).isEqualByComparingTo("1073741824");
        assertThat(Quantities.parse("1M")).isEqualByComparingTo("1000000");
        assertThat(Quantities.parse("1.5")).isEqualByComparingTo("1.5");
        assertThat(Quantities.parse("lots")).isNull();
    }
}
