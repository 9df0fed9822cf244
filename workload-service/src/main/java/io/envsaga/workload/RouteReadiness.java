package io.envsaga.workload;

import io.envsaga.kubernetes.ClusterView;
import io.envsaga.kubernetes.PodFailures;
import io.envsaga.kubernetes.Readiness;
import io.envsaga.kubernetes.ReadinessRule;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * When traffic really reaches the environment: an HTTPRoute its Gateway accepted, a Certificate
 * cert-manager issued. Both are ready only for the object's current generation (their
 * conditions carry {@code observedGeneration}).
 */
public final class RouteReadiness {

    /**
     * Definite refusals of {@code Accepted=False} (kubernetes-sigs/gateway-api
     * apis/v1/shared_types.go:342-396); {@code Pending} (and any other reason) waits. Traefik
     * writes them without a message, so the step says what the reason means.
     */
    static final Map<String, String> REFUSALS = Map.of(
            "NotAllowedByListeners", "no listener of the Gateway allows routes from this namespace (its allowedRoutes)",
            "NoMatchingListenerHostname", "no listener of the Gateway has a hostname matching the route's",
            "NoMatchingParent", "the Gateway has no listener of the parentRef's sectionName or port",
            "UnsupportedValue", "a value of the route is not supported by the Gateway's implementation",
            "IncompatibleFilters", "the route's rules combine filters the implementation cannot");
    /** {@code ResolvedRefs=False} reasons that no wait cures (shared_types.go:398-442); {@code BackendNotFound} waits for the Service. */
    static final Set<String> UNRESOLVABLE = Set.of("RefNotPermitted", "InvalidKind", "UnsupportedProtocol");

    private RouteReadiness() {
    }

    /**
     * An HTTPRoute is ready when, for each of its parentRefs, the Gateway's controller wrote an
     * entry in {@code status.parents} (apis/v1/shared_types.go:483-560, RouteParentStatus) with
     * {@code Accepted=True} and {@code ResolvedRefs=True} for the route's generation. It fails on a
     * definite refusal ({@link #REFUSALS}, {@link #UNRESOLVABLE}) with the reason and the
     * controller's message; otherwise it waits, naming the Gateway and what is missing.
     */
    public static ReadinessRule httpRoute() {
        return RouteReadiness::checkRoute;
    }

    /**
     * A cert-manager Certificate is ready on {@code Ready=True} for its generation
     * (cert-manager pkg/apis/certmanager/v1/types_certificate.go:719-760). It fails when the
     * issuance failed ({@code Issuing=False} with a reason other than {@code Issued}, and
     * {@code status.lastFailureTime}: pkg/controller/certificates/issuing/issuing_controller.go:415-433),
     * since cert-manager tries again only after an hour (internal/apis/config/controller/v1alpha1/defaults.go:103),
     * past the step's deadline. Otherwise it waits with the {@code Ready} condition's reason and
     * message ("DoesNotExist: Issuing certificate as Secret does not exist").
     */
    public static ReadinessRule certificate() {
        return RouteReadiness::checkCertificate;
    }

    @SuppressWarnings("unchecked")
    private static Readiness checkRoute(HasMetadata current, String name, ClusterView cluster) {
        if (!(current instanceof GenericKubernetesResource route)) {
            return Readiness.waiting(name + " not created yet");
        }
        Map<String, Object> spec = map(route.getAdditionalProperties().get("spec"));
        List<Map<String, Object>> parents = list(map(route.getAdditionalProperties().get("status")).get("parents"));
        long generation = Optional.ofNullable(route.getMetadata().getGeneration()).orElse(0L);
        String namespace = route.getMetadata().getNamespace();
        Readiness result = Readiness.ready(name + " accepted");
        for (Map<String, Object> parentRef : list(spec.get("parentRefs"))) {
            String gateway = "Gateway " + parentRef.getOrDefault("namespace", namespace) + "/" + parentRef.get("name")
                    + (parentRef.get("sectionName") == null ? "" : " listener " + parentRef.get("sectionName"));
            Optional<Map<String, Object>> parent = parents.stream().filter(p -> sameParent(map(p.get("parentRef")), parentRef, namespace)).findFirst();
            if (parent.isEmpty()) {
                return Readiness.waiting(name + ": waiting for " + gateway + " to accept it (its controller has written no status for it yet)");
            }
            List<Map<String, Object>> conditions = list(parent.get().get("conditions"));
            Map<String, Object> accepted = find(conditions, "Accepted");
            Map<String, Object> resolved = find(conditions, "ResolvedRefs");
            if (accepted == null || stale(accepted, generation)) {
                return Readiness.waiting(name + ": waiting for " + gateway + " to accept generation " + generation);
            }
            if ("False".equals(accepted.get("status")) && REFUSALS.containsKey(String.valueOf(accepted.get("reason")))) {
                return Readiness.failed(name + ": " + gateway + " refused it: Accepted=False " + accepted.get("reason") + ": "
                        + explained(accepted, REFUSALS.get(String.valueOf(accepted.get("reason")))));
            }
            if (resolved != null && !stale(resolved, generation) && "False".equals(resolved.get("status"))
                    && UNRESOLVABLE.contains(String.valueOf(resolved.get("reason")))) {
                return Readiness.failed(name + ": " + gateway + ": ResolvedRefs=False " + resolved.get("reason") + ": " + explained(resolved, "a backend reference"));
            }
            if (!"True".equals(accepted.get("status"))) {
                return Readiness.waiting(name + ": waiting for " + gateway + " to accept it: Accepted=" + accepted.get("status") + " "
                        + accepted.get("reason") + explainedOrEmpty(accepted));
            }
            if (resolved == null || stale(resolved, generation) || !"True".equals(resolved.get("status"))) {
                return Readiness.waiting(name + ": waiting for " + gateway + " to resolve its backends"
                        + (resolved == null ? "" : ": ResolvedRefs=" + resolved.get("status") + " " + resolved.get("reason") + explainedOrEmpty(resolved)));
            }
            result = Readiness.ready(name + " accepted by " + gateway);
        }
        return result;
    }

    private static Readiness checkCertificate(HasMetadata current, String name, ClusterView cluster) {
        if (!(current instanceof GenericKubernetesResource certificate)) {
            return Readiness.waiting(name + " not created yet");
        }
        Map<String, Object> status = map(certificate.getAdditionalProperties().get("status"));
        List<Map<String, Object>> conditions = list(status.get("conditions"));
        long generation = Optional.ofNullable(certificate.getMetadata().getGeneration()).orElse(0L);
        Map<String, Object> ready = find(conditions, "Ready");
        Map<String, Object> issuing = find(conditions, "Issuing");
        if (ready != null && !stale(ready, generation) && "True".equals(ready.get("status"))) {
            return Readiness.ready(name + " issued");
        }
        if (issuing != null && !stale(issuing, generation) && "False".equals(issuing.get("status")) && !"Issued".equals(issuing.get("reason"))
                && status.get("lastFailureTime") != null) {
            return Readiness.failed(name + ": cert-manager could not issue it: " + issuing.get("reason") + ": " + explained(issuing, "issuance failed"));
        }
        if (ready == null || stale(ready, generation)) {
            return Readiness.waiting(name + ": waiting for cert-manager to issue it (no Ready condition for generation " + generation + " yet)");
        }
        return Readiness.waiting(name + ": waiting for cert-manager to issue it: Ready=" + ready.get("status") + " " + ready.get("reason")
                + explainedOrEmpty(ready));
    }

    private static boolean sameParent(Map<String, Object> reported, Map<String, Object> wanted, String routeNamespace) {
        return Objects.equals(reported.get("name"), wanted.get("name"))
                && Objects.equals(reported.getOrDefault("namespace", routeNamespace), wanted.getOrDefault("namespace", routeNamespace))
                && Objects.equals(reported.get("sectionName"), wanted.get("sectionName"));
    }

    /** A condition written for an earlier generation says nothing of this one. */
    private static boolean stale(Map<String, Object> condition, long generation) {
        return condition.get("observedGeneration") instanceof Number observed && observed.longValue() < generation;
    }

    private static String explained(Map<String, Object> condition, String meaning) {
        Object message = condition.get("message");
        return message == null || String.valueOf(message).isBlank() ? meaning : PodFailures.shorten(String.valueOf(message));
    }

    private static String explainedOrEmpty(Map<String, Object> condition) {
        Object message = condition.get("message");
        return message == null || String.valueOf(message).isBlank() ? "" : ": " + PodFailures.shorten(String.valueOf(message));
    }

    private static Map<String, Object> find(List<Map<String, Object>> conditions, String type) {
        return conditions.stream().filter(c -> type.equals(c.get("type"))).findFirst().orElse(null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return value instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }
}
