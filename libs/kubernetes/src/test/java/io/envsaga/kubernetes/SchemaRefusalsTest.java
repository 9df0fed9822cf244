package io.envsaga.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.envsaga.contracts.events.Step;
import io.envsaga.contracts.spec.Environment;
import io.envsaga.participant.StepContext;
import io.envsaga.participant.StepFailure;
import io.envsaga.simulation.kubernetes.RequestLog;
import io.envsaga.simulation.specs.TestSpecs;
import io.envsaga.testsupport.kubernetes.KubernetesTestCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the API server refuses of an apply by the CRD's schema reaches the step's failure reason,
 * in the server's words: a field the CRD does not declare, a change of an immutable field. The
 * test cluster's CRDs carry the real schemas of the fields envsaga sets (simulated-world crds/).
 */
class SchemaRefusalsTest {

    @RegisterExtension
    static final KubernetesTestCluster cluster = new KubernetesTestCluster();

    private static final ManagedKind CERTIFICATE = ManagedKind.custom("cert-manager.io", "v1", "Certificate", "certificates");
    private static final ManagedKind TENANT = ManagedKind.custom("minio.min.io", "v2", "Tenant", "tenants");

    private final EnvironmentApplier applier = new EnvironmentApplier(cluster.client(),
            new KubernetesSettings(null, null, Duration.ofSeconds(30), Duration.ofSeconds(10), 3));

    @Test
    void aFieldTheCrdDoesNotDeclareFailsTheStepWithTheServersMessageAndIsNotRetried() {
        Environment env = TestSpecs.preview("sr-unknown", "img");
        int mark = cluster.requests().mark();
        // "issuer" where cert-manager's field is "issuerRef": a real server refuses the whole apply
        OneObjectStep step = new OneObjectStep(CERTIFICATE, custom(CERTIFICATE, "site-tls", Map.of("secretName", "site-tls",
                "dnsNames", List.of("site.example.com"), "issuer", Map.of("name", "letsencrypt", "kind", "ClusterIssuer"))));

        StepFailure failure = catchThrowableOfType(StepFailure.class, () -> step.apply(context(env, 1)));

        assertThat(failure.getMessage()).isEqualTo("the API server rejected Certificate site-tls: failed to create typed patch object "
                + "(sr-unknown/site-tls; cert-manager.io/v1, Kind=Certificate): .spec.issuer: field not declared in schema");
        assertThat(failure.retryable()).isFalse();
        assertThat(cluster.client().genericKubernetesResources(CERTIFICATE.context()).inNamespace("sr-unknown").withName("site-tls").get())
                .as("nothing of it is stored").isNull();
        assertThat(cluster.requests().since(mark, r -> "APPLY".equals(r.verb()))).extracting(RequestLog.Request::path)
                .allSatisfy(path -> assertThat(path).contains("fieldValidation=Strict"));
    }

    @Test
    void aChangeOfAnImmutableFieldFailsTheStepWithTheRulesMessage() throws InterruptedException {
        Environment env = TestSpecs.preview("sr-immutable", "img");
        new OneObjectStep(TENANT, tenant(1)).apply(context(env, 1));

        StepFailure failure = catchThrowableOfType(StepFailure.class, () -> new OneObjectStep(TENANT, tenant(2)).apply(context(env, 2)));

        assertThat(failure.getMessage()).isEqualTo("the API server rejected Tenant store: Tenant.minio.min.io \"store\" is invalid: "
                + "spec.pools[0].servers: Invalid value: \"integer\": servers is immutable");
    }

    private static GenericKubernetesResource tenant(int servers) {
        return custom(TENANT, "store", Map.of("pools", List.of(Map.of("name", "pool-0", "servers", servers, "volumesPerServer", 1,
                "volumeClaimTemplate", Map.of("metadata", Map.of("name", "data"),
                        "spec", Map.of("accessModes", List.of("ReadWriteOnce"), "resources", Map.of("requests", Map.of("storage", "1Gi"))))))));
    }

    private static GenericKubernetesResource custom(ManagedKind kind, String name, Map<String, Object> spec) {
        return new GenericKubernetesResourceBuilder().withApiVersion(kind.apiVersion()).withKind(kind.kind())
                .withNewMetadata().withName(name).endMetadata().withAdditionalProperties(Map.of("spec", spec)).build();
    }

    private static StepContext context(Environment env, long generation) {
        return StepContext.direct(StepContext.Command.APPLY, env, generation, message -> { });
    }

    /** A step of one custom resource, ready once applied. */
    private final class OneObjectStep extends KubernetesStep {

        private final ManagedKind kind;
        private final GenericKubernetesResource object;

        OneObjectStep(ManagedKind kind, GenericKubernetesResource object) {
            super(applier, Step.STORAGE, (environment, generation) ->
                    new Target(environment.name(), environment.namespace(), "schemas", generation, List.of(kind)));
            this.kind = kind;
            this.object = object;
        }

        @Override
        protected List<List<Desired>> desired(Environment environment) {
            return List.of(List.of(Desired.custom(kind, object, ReadinessRules.applied())));
        }

        @Override
        protected Map<String, String> whenReady(StepContext context) {
            return Map.of();
        }
    }
}
