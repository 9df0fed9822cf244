package io.envsaga.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.kubernetes.Desired;
import io.envsaga.kubernetes.KubernetesSettings;
import io.envsaga.participant.StepFailure;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the renderers make of a spec, beyond the golden files: the rules behind them, and bad input. */
class WorkloadRenderingTest {

    private static final Environment STAGE = Specs.example("codedang-stage");

    @Test
    void aWorkloadRunsRestrictedByDefault() {
        Deployment deployment = deployment(STAGE, "client-api");

        var pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        var container = pod.getContainers().get(0).getSecurityContext();
        assertThat(container.getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getPrivileged()).isFalse();
        assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
    }

    @Test
    void privilegedTrueOptsOutForThatWorkloadOnly() {
        var iris = deployment(STAGE, "iris").getSpec().getTemplate().getSpec();

        assertThat(iris.getContainers().get(0).getSecurityContext().getPrivileged()).isTrue();
        assertThat(iris.getSecurityContext()).isNull();
        assertThat(deployment(STAGE, "frontend").getSpec().getTemplate().getSpec().getContainers().get(0).getSecurityContext()
                .getPrivileged()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"codedang-stage", "codedang-production", "codedang-preview"})
    void credentialsComeOnlyFromSecretKeyRefsAndNoSecretIsRendered(String example) {
        List<HasMetadata> objects = Golden.objects(Specs.example(example));

        assertThat(objects).noneMatch(o -> o.getKind().equals("Secret") || o.getKind().equals("ConfigMap"));
        List<EnvVar> env = objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream()).flatMap(c -> c.getEnv().stream()).toList();
        assertThat(env).filteredOn(v -> v.getName().matches(".*(USERNAME|PASSWORD|_USER|ACCESS_KEY|SECRET_KEY)"))
                .allSatisfy(v -> {
                    assertThat(v.getValue()).as(v.getName()).isNull();
                    assertThat(v.getValueFrom().getSecretKeyRef().getName()).as(v.getName()).isNotBlank();
                });
        assertThat(env).filteredOn(v -> v.getName().endsWith("_URL") && v.getValue().contains("@"))
                .allSatisfy(v -> assertThat(v.getValue()).matches("[a-z]+://(default|\\$\\([A-Z_]+\\)):\\$\\([A-Z_]+\\)@.*"));
    }

    @Test
    void usesFollowsTheNamingConvention() {
        Map<String, EnvVar> env = env(deployment(STAGE, "client-api"));
        Map<String, EnvVar> frontendLess = env(deployment(STAGE, "iris"));

        assertThat(env.get("RABBITMQ_HOST").getValue()).isEqualTo("codedang-stage-rabbitmq");
        assertThat(env.get("RABBITMQ_PASSWORD").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo("codedang-stage-rabbitmq-client-api-user-credentials");
        assertThat(env.get("REDIS_HOST").getValue()).isEqualTo("codedang-stage-redis");
        assertThat(env.get("POSTGRES_PASSWORD").getValueFrom().getSecretKeyRef().getName()).isEqualTo("codedang-stage-postgres-credentials");
        assertThat(env.get("POSTGRES_DB").getValue()).isEqualTo("skkuding");
        assertThat(env.get("MINIO_SECRET_KEY").getValueFrom().getSecretKeyRef().getName()).isEqualTo("codedang-stage-minio-credentials");
        assertThat(env.get("MINIO_BUCKETS").getValue()).isEqualTo("codedang-testcase,codedang-media,codedang-plag-checks");
        assertThat(frontendLess).containsKeys("RABBITMQ_URL").doesNotContainKeys("REDIS_HOST", "POSTGRES_HOST", "MINIO_ENDPOINT");
        assertThat(env).doesNotContainKey("REDIS_PASSWORD"); // stage's cache has no password
        Map<String, EnvVar> production = env(deployment(Specs.example("codedang-production"), "admin-api"));
        assertThat(production.get("REDIS_PASSWORD").getValueFrom().getSecretKeyRef().getName()).isEqualTo("codedang-production-redis-auth");
        assertThat(production.get("REDIS_PASSWORD").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
        assertThat(production.get("REDIS_URL").getValue()).isEqualTo("redis://default:$(REDIS_PASSWORD)@codedang-production-redis:6379");
        // a workload without a messaging user of its own gets the cluster's default user
        Environment noUsers = Specs.validated(SPEC_HEAD + """
                  messaging: { vhost: /, users: [] }
                  workloads:
                    - { name: worker, image: ghcr.io/acme/worker:1, uses: [rabbitmq] }
                """);
        Map<String, EnvVar> worker = env(deployment(noUsers, "worker"));
        assertThat(worker.get("RABBITMQ_USERNAME").getValueFrom().getSecretKeyRef().getName()).isEqualTo("acme-rabbitmq-default-user");
        assertThat(worker.get("RABBITMQ_URL").getValue()).endsWith("@acme-rabbitmq:5672/%2F");
    }

    @Test
    void resourcesDefaultSanelyAndALimitNeverFallsBelowTheRequest() {
        Environment env = Specs.validated(SPEC_HEAD + """
                  workloads:
                    - { name: plain, image: ghcr.io/acme/plain:1 }
                    - name: big
                      image: ghcr.io/acme/big:1
                      resources: { requests: { cpu: "2", memory: 1Gi } }
                """);

        Container plain = deployment(env, "plain").getSpec().getTemplate().getSpec().getContainers().get(0);
        Container big = deployment(env, "big").getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(plain.getResources().getRequests()).isEqualTo(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("128Mi")));
        assertThat(plain.getResources().getLimits()).isEqualTo(Map.of("cpu", new Quantity("1"), "memory", new Quantity("512Mi")));
        assertThat(big.getResources().getLimits()).isEqualTo(Map.of("cpu", new Quantity("2"), "memory", new Quantity("1Gi")));
    }

    @Test
    void probesUseTheWorkloadsPortUnlessTheyNameOne() {
        Environment env = Specs.validated(SPEC_HEAD + """
                  workloads:
                    - name: api
                      image: ghcr.io/acme/api:1
                      port: 8080
                      probes:
                        readiness: { path: /ready }
                        liveness: { path: /live, port: 9090, initialDelaySeconds: 30 }
                """);

        Container api = deployment(env, "api").getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(api.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
        assertThat(api.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready");
        assertThat(api.getLivenessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(9090);
        assertThat(api.getLivenessProbe().getInitialDelaySeconds()).isEqualTo(30);
    }

    @Test
    void kindIngressRouteRendersATraefikIngressRouteAndACertificate() {
        List<Desired> ingress = Ingresses.desired(withIngressKind(STAGE, "IngressRoute"), WorkloadProperties.standard());

        assertThat(ingress).extracting(d -> d.object().getKind()).containsExactly("IngressRoute", "Certificate");
        GenericKubernetesResource route = (GenericKubernetesResource) ingress.get(0).object();
        assertThat(route.getApiVersion()).isEqualTo("traefik.io/v1alpha1");
        assertThat(spec(route)).containsEntry("entryPoints", List.of("websecure"))
                .containsEntry("tls", Map.of("secretName", "codedang-stage-tls"));
        assertThat((List<?>) spec(route).get("routes")).first().isEqualTo(Map.of("match", "Host(`stage.codedang.com`) && PathPrefix(`/api`)",
                "kind", "Rule", "services", List.of(Map.of("name", "client-api", "port", 4000))));
        GenericKubernetesResource certificate = (GenericKubernetesResource) ingress.get(1).object();
        assertThat(spec(certificate)).containsEntry("secretName", "codedang-stage-tls").containsEntry("dnsNames", List.of("stage.codedang.com"))
                .containsEntry("issuerRef", Map.of("name", "letsencrypt-dns01", "kind", "ClusterIssuer", "group", "cert-manager.io"));
    }

    @Test
    void kindHttpRouteAttachesToTheConfiguredGateway() {
        WorkloadProperties properties = new WorkloadProperties(null, new WorkloadProperties.Gateway("edge", "gateways", "https"), null);

        List<Desired> ingress = Ingresses.desired(withIngressKind(STAGE, "HTTPRoute"), properties);

        assertThat(ingress).hasSize(1);
        GenericKubernetesResource route = (GenericKubernetesResource) ingress.get(0).object();
        assertThat(route.getApiVersion()).isEqualTo("gateway.networking.k8s.io/v1");
        assertThat(spec(route)).containsEntry("hostnames", List.of("stage.codedang.com")).containsEntry("parentRefs", List.of(Map.of(
                "group", "gateway.networking.k8s.io", "kind", "Gateway", "name", "edge", "namespace", "gateways", "sectionName", "https")));
        assertThat((List<?>) spec(route).get("rules")).last().isEqualTo(Map.of(
                "matches", List.of(Map.of("path", Map.of("type", "PathPrefix", "value", "/"))),
                "backendRefs", List.of(Map.of("name", "frontend", "port", 5525))));
    }

    @Test
    void anEnvVariableThatUsesWouldSetIsRefusedNamingIt() {
        Environment env = Specs.unvalidated(SPEC_HEAD + """
                  cache: {}
                  workloads:
                    - { name: api, image: ghcr.io/acme/api:1, env: { REDIS_HOST: my-redis }, uses: [redis] }
                """);

        assertThatThrownBy(() -> render(env)).isInstanceOf(StepFailure.class)
                .hasMessage("spec.workloads[0].env.REDIS_HOST: set by uses: [redis] (docs/conventions.md); remove it from env");
    }

    @Test
    void aProbeWithoutAnyPortIsRefusedNamingIt() {
        Environment env = Specs.unvalidated(SPEC_HEAD + """
                  workloads:
                    - { name: ok, image: ghcr.io/acme/ok:1 }
                    - { name: worker, image: ghcr.io/acme/worker:1, probes: { liveness: { path: /live } } }
                """);

        assertThatThrownBy(() -> render(env)).isInstanceOf(StepFailure.class)
                .hasMessage("spec.workloads[1].probes.liveness.port: required, the workload has no port");
    }

    @Test
    void aLimitBelowItsRequestIsRefusedNamingIt() {
        Environment env = Specs.unvalidated(SPEC_HEAD + """
                  workloads:
                    - name: api
                      image: ghcr.io/acme/api:1
                      resources: { requests: { memory: 1Gi }, limits: { memory: 256Mi } }
                """);

        assertThatThrownBy(() -> render(env)).isInstanceOf(StepFailure.class)
                .hasMessage("spec.workloads[0].resources.limits.memory: 256Mi is below the request 1Gi");
    }

    // --- helpers

    private static final String SPEC_HEAD = """
            apiVersion: envsaga.io/v1
            kind: Environment
            metadata: { name: acme }
            spec:
              tier: preview
            """;

    private static List<Desired> render(Environment env) {
        return WorkloadObjects.desired(env, WorkloadProperties.standard(), KubernetesSettings.defaults().podFailures());
    }

    private static Deployment deployment(Environment env, String name) {
        return render(env).stream().map(Desired::object).filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .filter(d -> d.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    private static Map<String, EnvVar> env(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .collect(java.util.stream.Collectors.toMap(EnvVar::getName, v -> v));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    }

    static Environment withIngressKind(Environment env, String kind) {
        var s = env.spec();
        var ingress = new io.envsaga.contracts.spec.IngressSpec(io.envsaga.contracts.spec.IngressKind.valueOf(kind), s.ingress().host(),
                s.ingress().tls(), s.ingress().routes());
        return new Environment(env.apiVersion(), env.kind(), env.metadata(), new io.envsaga.contracts.spec.EnvironmentSpec(s.tier(),
                s.namespace(), s.cluster(), s.dns(), ingress, s.workloads(), s.messaging(), s.cache(), s.storage()));
    }
}
