package io.envsaga.contracts.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * The CRD's schema against the validator, over the held test specs ({@link InvalidSpecsTest}'s
 * cases, each a spec the validator refuses): the schema refuses each one too, but for the cases
 * listed here, which a schema cannot say. The validator stays the one judge: the intake refuses
 * those with the validator's path and message.
 */
class CrdVerdictsTest {

    /** Rules that span fields (SpecRules, RenderRules, the cache's checks): a schema sees one value at a time. */
    static final Set<String> ACROSS_FIELDS = Set.of(
            "binding to an undeclared exchange", "binding to an undeclared queue",
            "duplicate bucket", "duplicate database", "duplicate queue names", "duplicate route paths", "duplicate workload names",
            "env var that uses: also sets", "expiry in production", "storage in production", "uses redis without a cache",
            "host outside the zone", "ingress host not among the DNS hosts", "ingress host without any claim",
            "limit below its request", "limit below the default request", "cache memory limit at maxmemory", "cache request above its limit",
            "probe of a workload without a port", "route to a workload without a port", "route to an undeclared workload");

    /** Caps the orchestrator's configuration sets (SpecLimits, TierCaps): they differ between installations. */
    static final Set<String> BY_CONFIGURATION = Set.of(
            "replicas over the cap", "more CPU than the tier allows", "more workloads than the tier allows");

    /** One value, judged by more than its form: a quantity's size, names reserved by PostgreSQL or Kubernetes. */
    static final Set<String> BEYOND_A_PATTERN = Set.of(
            "cache memory below 1Mi", "cache memory in millibytes", "database with a pg_ prefix", "reserved database", "system namespace");

    static final Set<String> VALIDATOR_ONLY = union(ACROSS_FIELDS, BY_CONFIGURATION, BEYOND_A_PATTERN);

    /**
     * In the JSON Schema but not in the CRD's, because the API server holds them itself: apiVersion
     * and kind choose the resource (envsaga.io/v2 is not served, a Deployment is another resource)
     * and every object has a name.
     */
    static final Set<String> HELD_BY_THE_API_SERVER = Set.of("wrong apiVersion", "wrong kind", "name missing");

    /** In the JSON Schema but not in the CRD's: a structural schema has no propertyNames (a CEL rule could say it). */
    static final Set<String> NO_KEYWORD_IN_THE_CRD = Set.of("env var name with a dash", "env var name starting with a digit");

    static final Set<String> NOT_IN_THE_CRD = union(HELD_BY_THE_API_SERVER, NO_KEYWORD_IN_THE_CRD);

    @ParameterizedTest
    @ValueSource(strings = {"codedang-stage.yaml", "codedang-production.yaml", "codedang-preview.yaml"})
    void theCrdAcceptsEveryExampleAsAnObject(String example) {
        JsonNode object = SchemaChecks.wrapped(SpecMapper.yaml().readTree(Examples.read(example)), "codedang-environments");

        assertThat(SchemaChecks.crd(object)).isEmpty();
    }

    @Test
    void theCrdRefusesWhatTheValidatorRefusesButTheListedCases() {
        Set<String> passJsonSchema = new TreeSet<>();
        Set<String> passCrd = new TreeSet<>();
        InvalidSpecsTest.invalidSpecs().map(Arguments::get).forEach(arguments -> {
            String name = (String) arguments[0];
            @SuppressWarnings("unchecked")
            Consumer<JsonNode> breakage = (Consumer<JsonNode>) arguments[1];
            JsonNode spec = SpecMapper.yaml().readTree(Examples.read("codedang-stage.yaml"));
            breakage.accept(spec);
            if (SchemaChecks.jsonSchema(spec).isEmpty()) {
                passJsonSchema.add(name);
            }
            if (SchemaChecks.crd(SchemaChecks.wrapped(spec, "codedang-environments")).isEmpty()) {
                passCrd.add(name);
            }
        });

        assertThat(passJsonSchema).as("what no schema can refuse").containsExactlyInAnyOrderElementsOf(VALIDATOR_ONLY);
        passCrd.removeAll(VALIDATOR_ONLY);
        assertThat(passCrd).as("what the JSON Schema refuses and the CRD cannot").containsExactlyInAnyOrderElementsOf(NOT_IN_THE_CRD);
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new TreeSet<>();
        for (Set<String> set : sets) {
            all.addAll(set);
        }
        return Set.copyOf(all);
    }
}
