package io.envsaga.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.kubernetes.ClusterView;
import io.envsaga.kubernetes.Readiness;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Route and certificate readiness on statuses as Traefik's Gateway provider and cert-manager write them (RouteReadiness cites the sources). */
class RouteReadinessTest {

    private static final ClusterView NOTHING = selector -> List.of();
    private static final Map<String, Object> PARENT = Map.of("group", "gateway.networking.k8s.io", "kind", "Gateway", "name", "gw", "namespace", "traefik");

    @Test
    void aRouteIsReadyOnlyAcceptedWithItsReferencesResolvedForItsOwnGeneration() {
        var rule = RouteReadiness.httpRoute();

        assertThat(rule.check(route(2, List.of()), "r", NOTHING))
                .isEqualTo(Readiness.waiting("r: waiting for Gateway traefik/gw to accept it (its controller has written no status for it yet)"));
        assertThat(rule.check(route(2, List.of(condition("Accepted", "True", "Accepted", "", 1), condition("ResolvedRefs", "True", "ResolvedRefs", "", 1))), "r", NOTHING))
                .as("accepted for the previous spec").isEqualTo(Readiness.waiting("r: waiting for Gateway traefik/gw to accept generation 2"));
        assertThat(rule.check(route(2, List.of(condition("Accepted", "Unknown", "Pending", "", 2))), "r", NOTHING))
                .isEqualTo(Readiness.waiting("r: waiting for Gateway traefik/gw to accept it: Accepted=Unknown Pending"));
        assertThat(rule.check(route(2, List.of(condition("Accepted", "True", "Accepted", "", 2), condition("ResolvedRefs", "False", "BackendNotFound",
                "Cannot load HTTPBackendRef ns/api: getting service: service \"api\" not found", 2))), "r", NOTHING))
                .as("a Service that may still come").isEqualTo(Readiness.waiting("r: waiting for Gateway traefik/gw to resolve its backends: "
                        + "ResolvedRefs=False BackendNotFound: Cannot load HTTPBackendRef ns/api: getting service: service \"api\" not found"));
        assertThat(rule.check(route(2, List.of(condition("Accepted", "True", "Accepted", "", 2), condition("ResolvedRefs", "False", "RefNotPermitted",
                "no ReferenceGrant", 2))), "r", NOTHING))
                .isEqualTo(Readiness.failed("r: Gateway traefik/gw: ResolvedRefs=False RefNotPermitted: no ReferenceGrant"));
        assertThat(rule.check(route(2, List.of(condition("Accepted", "False", "NoMatchingListenerHostname", "", 2))), "r", NOTHING))
                .isEqualTo(Readiness.failed("r: Gateway traefik/gw refused it: Accepted=False NoMatchingListenerHostname: "
                        + "no listener of the Gateway has a hostname matching the route's"));
        assertThat(rule.check(route(2, List.of(condition("Accepted", "True", "Accepted", "", 2), condition("ResolvedRefs", "True", "ResolvedRefs", "", 2))),
                "r", NOTHING).isReady()).isTrue();
    }

    @Test
    void aCertificateIsReadyWhenIssuedForItsGenerationAndFailsOnlyOnAFailedIssuance() {
        var rule = RouteReadiness.certificate();
        Map<String, Object> missing = condition("Ready", "False", "DoesNotExist", "Issuing certificate as Secret does not exist", 3);

        assertThat(rule.check(certificate(3, Map.of()), "c", NOTHING))
                .isEqualTo(Readiness.waiting("c: waiting for cert-manager to issue it (no Ready condition for generation 3 yet)"));
        assertThat(rule.check(certificate(3, Map.of("conditions", List.of(condition("Ready", "True", "Ready", "", 2)))), "c", NOTHING))
                .as("issued for the previous spec (other dnsNames)").extracting(Readiness::isReady).isEqualTo(false);
        assertThat(rule.check(certificate(3, Map.of("conditions", List.of(missing, condition("Issuing", "True", "DoesNotExist", "", 3)))), "c", NOTHING))
                .isEqualTo(Readiness.waiting("c: waiting for cert-manager to issue it: Ready=False DoesNotExist: Issuing certificate as Secret does not exist"));
        assertThat(rule.check(certificate(3, Map.of("conditions", List.of(missing, condition("Issuing", "False", "Denied", "The certificate request has "
                + "failed to complete and will be retried: denied by policy", 3)), "lastFailureTime", "2026-12-07T17:00:00Z")), "c", NOTHING))
                .isEqualTo(Readiness.failed("c: cert-manager could not issue it: Denied: The certificate request has failed to complete and will be retried: denied by policy"));
        assertThat(rule.check(certificate(3, Map.of("conditions", List.of(condition("Ready", "True", "Ready", "Certificate is up to date and has not expired", 3)))),
                "c", NOTHING)).isEqualTo(Readiness.ready("c issued"));
    }

    private static GenericKubernetesResource route(long generation, List<Map<String, Object>> conditions) {
        Map<String, Object> status = conditions.isEmpty() ? Map.of()
                : Map.of("parents", List.of(Map.of("parentRef", PARENT, "controllerName", "traefik.io/gateway-controller", "conditions", conditions)));
        return resource("HTTPRoute", generation, Map.of("parentRefs", List.of(PARENT)), status);
    }

    private static GenericKubernetesResource certificate(long generation, Map<String, Object> status) {
        return resource("Certificate", generation, Map.of("secretName", "c"), status);
    }

    private static GenericKubernetesResource resource(String kind, long generation, Map<String, Object> spec, Map<String, Object> status) {
        return new GenericKubernetesResourceBuilder().withKind(kind).withNewMetadata().withName("x").withNamespace("ns").withGeneration(generation)
                .endMetadata().withAdditionalProperties(Map.of("spec", spec, "status", status)).build();
    }

    private static Map<String, Object> condition(String type, String status, String reason, String message, long observedGeneration) {
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("type", type);
        condition.put("status", status);
        condition.put("reason", reason);
        condition.put("message", message);
        condition.put("observedGeneration", observedGeneration);
        return condition;
    }
}
