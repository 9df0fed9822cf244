package io.envsaga.workload;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.IngressSpec;
import io.envsaga.contracts.spec.Workload;
import io.envsaga.kubernetes.Desired;
import io.envsaga.kubernetes.ManagedKind;
import io.envsaga.kubernetes.ReadinessRules;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How an environment is exposed through Traefik, by {@code spec.ingress.kind}: a pure function
 * of the spec. One object named after the environment; TLS in a Secret {@code <env>-tls}.
 */
public final class Ingresses {

    public static final ManagedKind INGRESS = ManagedKind.of(Ingress.class);
    public static final ManagedKind INGRESS_ROUTE = ManagedKind.custom("traefik.io", "v1alpha1", "IngressRoute", "ingressroutes");
    public static final ManagedKind HTTP_ROUTE = ManagedKind.custom("gateway.networking.k8s.io", "v1", "HTTPRoute", "httproutes");
    public static final ManagedKind CERTIFICATE = ManagedKind.custom("cert-manager.io", "v1", "Certificate", "certificates");

    public static final String CLUSTER_ISSUER_ANNOTATION = "cert-manager.io/cluster-issuer";

    private Ingresses() {
    }

    public static List<Desired> desired(Environment environment, WorkloadProperties properties) {
        IngressSpec ingress = environment.spec().ingress();
        if (ingress == null) {
            return List.of();
        }
        return switch (ingress.kind()) {
            case Ingress -> List.of(Desired.of(ingress(environment, ingress, properties), ReadinessRules.applied()));
            case IngressRoute -> {
                List<Desired> objects = new ArrayList<>();
                objects.add(Desired.custom(INGRESS_ROUTE, ingressRoute(environment, ingress), ReadinessRules.applied()));
                if (ingress.tls() != null) {
                    // an IngressRoute has no annotation cert-manager reads: the Certificate is explicit
                    objects.add(Desired.custom(CERTIFICATE, certificate(environment, ingress), RouteReadiness.certificate()));
                }
                yield objects;
            }
            case HTTPRoute -> List.of(Desired.custom(HTTP_ROUTE, httpRoute(environment, ingress, properties.gateway()), RouteReadiness.httpRoute()));
        };
    }

    public static String tlsSecret(Environment environment) {
        return environment.name() + "-tls";
    }

    static Ingress ingress(Environment environment, IngressSpec spec, WorkloadProperties properties) {
        List<HTTPIngressPath> paths = new ArrayList<>();
        for (IngressSpec.Route route : spec.routes()) {
            paths.add(new HTTPIngressPathBuilder().withPath(route.path()).withPathType("Prefix")
                    .withNewBackend().withNewService().withName(route.workload()).withNewPort().withNumber(port(environment, route))
                    .endPort().endService().endBackend().build());
        }
        IngressBuilder builder = new IngressBuilder().withNewMetadata().withName(environment.name()).endMetadata()
                .withNewSpec().withIngressClassName(properties.ingressClassName())
                .addNewRule().withHost(spec.host()).withNewHttp().withPaths(paths).endHttp().endRule()
                .endSpec();
        if (spec.tls() != null) {
            builder.editMetadata().addToAnnotations(CLUSTER_ISSUER_ANNOTATION, spec.tls().clusterIssuer())
                    .addToAnnotations("traefik.ingress.kubernetes.io/router.tls", "true").endMetadata()
                    .editSpec().addNewTl().withHosts(spec.host()).withSecretName(tlsSecret(environment)).endTl().endSpec();
        }
        return builder.build();
    }

    static GenericKubernetesResource ingressRoute(Environment environment, IngressSpec spec) {
        List<Object> routes = new ArrayList<>();
        for (IngressSpec.Route route : spec.routes()) {
            routes.add(map("match", "Host(`" + spec.host() + "`) && PathPrefix(`" + route.path() + "`)", "kind", "Rule",
                    "services", List.of(map("name", route.workload(), "port", port(environment, route)))));
        }
        Map<String, Object> body = map("entryPoints", List.of(spec.tls() != null ? "websecure" : "web"), "routes", routes);
        if (spec.tls() != null) {
            body.put("tls", map("secretName", tlsSecret(environment)));
        }
        return custom(INGRESS_ROUTE, environment.name(), body);
    }

    static GenericKubernetesResource certificate(Environment environment, IngressSpec spec) {
        return custom(CERTIFICATE, tlsSecret(environment), map("secretName", tlsSecret(environment), "dnsNames", List.of(spec.host()),
                "issuerRef", map("name", spec.tls().clusterIssuer(), "kind", "ClusterIssuer", "group", "cert-manager.io")));
    }

    /** TLS is the Gateway listener's business (configured with the Gateway), not the route's. */
    static GenericKubernetesResource httpRoute(Environment environment, IngressSpec spec, WorkloadProperties.Gateway gateway) {
        Map<String, Object> parent = map("group", "gateway.networking.k8s.io", "kind", "Gateway", "name", gateway.name(),
                "namespace", gateway.namespace());
        if (gateway.sectionName() != null) {
            parent.put("sectionName", gateway.sectionName());
        }
        List<Object> rules = new ArrayList<>();
        for (IngressSpec.Route route : spec.routes()) {
            rules.add(map("matches", List.of(map("path", map("type", "PathPrefix", "value", route.path()))),
                    "backendRefs", List.of(map("name", route.workload(), "port", port(environment, route)))));
        }
        return custom(HTTP_ROUTE, environment.name(), map("parentRefs", List.of(parent), "hostnames", List.of(spec.host()), "rules", rules));
    }

    private static int port(Environment environment, IngressSpec.Route route) {
        // the validator guarantees the route's workload exists and has a port
        return environment.spec().workloads().stream().filter(w -> w.name().equals(route.workload())).map(Workload::port)
                .findFirst().orElseThrow();
    }

    private static GenericKubernetesResource custom(ManagedKind kind, String name, Map<String, Object> spec) {
        return new GenericKubernetesResourceBuilder().withApiVersion(kind.apiVersion()).withKind(kind.kind())
                .withNewMetadata().withName(name).endMetadata()
                .withAdditionalProperties(map("spec", spec)).build();
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
