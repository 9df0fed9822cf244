package io.envsaga.simulation.operators;

import io.envsaga.simulation.kubernetes.InformerHandlers;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Plays Traefik's Gateway API provider (traefik/traefik at fd5a576d,
 * pkg/provider/kubernetes/gateway/) for HTTPRoutes: for each parentRef of a route that names an
 * existing {@code Gateway}, one entry in {@code status.parents} with {@code controllerName}
 * {@code traefik.io/gateway-controller} (kubernetes.go:39) and two conditions, each with the
 * route's generation as {@code observedGeneration}:
 * <ul>
 * <li>{@code Accepted}: {@code False} with reason {@code NoMatchingParent} unless a listener
 * matches the parentRef's {@code sectionName} and {@code port} (httproute.go:45-52,
 * kubernetes.go:1161 matchListener); {@code NotAllowedByListeners} when the matching listeners'
 * {@code allowedRoutes} do not admit the route's namespace or kind (httproute.go:57-62,
 * kubernetes.go:1092 allowRoute; {@code namespaces.from} defaults to {@code Same},
 * kubernetes.go:474, {@code All}, {@code Same}, or {@code Selector} by {@code matchLabels},
 * kubernetes.go:858-871); {@code NoMatchingListenerHostname} when no listener hostname matches
 * the route's (httproute.go:64-70); {@code True}, reason {@code Accepted}, otherwise
 * (httproute.go:86-90). Traefik writes no message on these: neither does this.</li>
 * <li>{@code ResolvedRefs}: {@code True} when every backendRef's Service exists, else
 * {@code False}, reason {@code BackendNotFound}, message
 * {@code Cannot load HTTPBackendRef <ns>/<name>: getting service: service "<name>" not found}
 * (httproute.go:452-461, kubernetes.go:882-889).</li>
 * </ul>
 * A parentRef to a Gateway that does not exist gets no entry at all: Traefik only reports on the
 * Gateways it manages (kubernetes.go:1116, matchingGatewayListenersForParentRef). Routes are
 * reconciled again when a Gateway, a Service or a namespace changes. Not simulated: the
 * GatewayClass (every Gateway counts as Traefik's), listener TLS, attachment counts on the
 * Gateway's status.
 */
public final class SimulatedGatewayController implements AutoCloseable {

    public static final ResourceDefinitionContext GATEWAY = new ResourceDefinitionContext.Builder().withGroup("gateway.networking.k8s.io")
            .withVersion("v1").withKind("Gateway").withPlural("gateways").withNamespaced(true).build();
    public static final ResourceDefinitionContext HTTP_ROUTE = new ResourceDefinitionContext.Builder().withGroup("gateway.networking.k8s.io")
            .withVersion("v1").withKind("HTTPRoute").withPlural("httproutes").withNamespaced(true).build();
    public static final String CONTROLLER_NAME = "traefik.io/gateway-controller";
    private static final String GROUP = "gateway.networking.k8s.io";

    /** A Gateway listener: {@code from} is {@code allowedRoutes.namespaces.from} (null: the API's default, Same); {@code hostname} may be null. */
    public record Listener(String name, String protocol, int port, String from, Map<String, String> selector, String hostname) {

        public static Listener http(String name, int port, String from) {
            return new Listener(name, "HTTP", port, from, null, null);
        }
    }

    private final KubernetesClient client;
    private final SharedIndexInformer<GenericKubernetesResource> routes;
    private final SharedIndexInformer<GenericKubernetesResource> gateways;
    private final SharedIndexInformer<Service> services;
    private final SharedIndexInformer<Namespace> namespaces;

    public SimulatedGatewayController(KubernetesClient client) {
        this.client = client;
        this.gateways = client.genericKubernetesResources(GATEWAY).inAnyNamespace().inform(InformerHandlers.onChange(g -> reconcileAll(),
                g -> reconcileAll()));
        this.services = client.services().inAnyNamespace().inform(InformerHandlers.onChange(s -> reconcileAll(), s -> reconcileAll()));
        this.namespaces = client.namespaces().inform(InformerHandlers.onChange(n -> reconcileAll(), n -> { }));
        this.routes = client.genericKubernetesResources(HTTP_ROUTE).inAnyNamespace().inform(InformerHandlers.onChange(this::reconcile, r -> { }));
    }

    /** A Gateway as the platform installs it (e.g. Traefik's Helm chart), to create in the cluster. */
    public static GenericKubernetesResource gateway(String namespace, String name, Listener... listeners) {
        List<Object> specListeners = new ArrayList<>();
        for (Listener listener : listeners) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("name", listener.name());
            l.put("protocol", listener.protocol());
            l.put("port", listener.port());
            if (listener.hostname() != null) {
                l.put("hostname", listener.hostname());
            }
            if (listener.from() != null) {
                Map<String, Object> namespaces = new LinkedHashMap<>();
                namespaces.put("from", listener.from());
                if (listener.selector() != null) {
                    namespaces.put("selector", Map.of("matchLabels", listener.selector()));
                }
                l.put("allowedRoutes", Map.of("namespaces", namespaces));
            }
            specListeners.add(l);
        }
        return new GenericKubernetesResourceBuilder().withApiVersion(GROUP + "/v1").withKind("Gateway")
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("gatewayClassName", "traefik", "listeners", specListeners))).build();
    }

    private void reconcileAll() {
        if (routes != null) {
            routes.getStore().list().forEach(this::reconcile);
        }
    }

    @SuppressWarnings("unchecked")
    private synchronized void reconcile(GenericKubernetesResource route) {
        if (route.getMetadata().getDeletionTimestamp() != null || !(route.getAdditionalProperties().get("spec") instanceof Map<?, ?> raw)) {
            return;
        }
        Map<String, Object> spec = (Map<String, Object>) raw;
        String namespace = route.getMetadata().getNamespace();
        List<Object> parents = new ArrayList<>();
        for (Map<String, Object> parentRef : (List<Map<String, Object>>) spec.getOrDefault("parentRefs", List.of())) {
            if (!GROUP.equals(parentRef.getOrDefault("group", GROUP)) || !"Gateway".equals(parentRef.getOrDefault("kind", "Gateway"))) {
                continue;
            }
            String gatewayNamespace = String.valueOf(parentRef.getOrDefault("namespace", namespace));
            GenericKubernetesResource gateway = gateways.getStore().getByKey(gatewayNamespace + "/" + parentRef.get("name"));
            if (gateway == null) {
                continue; // not one of ours: no status for it
            }
            String reason = "NoMatchingParent";
            for (Map<String, Object> listener : listeners(gateway)) {
                if (!matches(listener, parentRef)) {
                    continue;
                }
                if (!allows(listener, namespace, gatewayNamespace)) {
                    reason = "Accepted".equals(reason) ? reason : "NotAllowedByListeners";
                } else if (!hostnameMatches((String) listener.get("hostname"), (List<String>) spec.getOrDefault("hostnames", List.of()))) {
                    reason = "Accepted".equals(reason) ? reason : "NoMatchingListenerHostname";
                } else {
                    reason = "Accepted";
                }
            }
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("parentRef", parentRef);
            status.put("controllerName", CONTROLLER_NAME);
            status.put("conditions", List.of(
                    condition("Accepted", "Accepted".equals(reason), reason, "", route),
                    resolvedRefs(route, namespace, (List<Map<String, Object>>) spec.getOrDefault("rules", List.of()))));
            parents.add(status);
        }
        writeStatus(route, parents);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> listeners(GenericKubernetesResource gateway) {
        return gateway.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec && spec.get("listeners") instanceof List<?> listeners
                ? (List<Map<String, Object>>) listeners : List.of();
    }

    private static boolean matches(Map<String, Object> listener, Map<String, Object> parentRef) {
        Object section = parentRef.get("sectionName");
        Object port = parentRef.get("port");
        return (section == null || section.equals(listener.get("name")))
                && (port == null || ((Number) port).intValue() == ((Number) listener.get("port")).intValue());
    }

    @SuppressWarnings("unchecked")
    private boolean allows(Map<String, Object> listener, String routeNamespace, String gatewayNamespace) {
        Map<String, Object> allowed = (Map<String, Object>) listener.getOrDefault("allowedRoutes", Map.of());
        if (allowed.get("kinds") instanceof List<?> kinds && !kinds.isEmpty()
                && kinds.stream().noneMatch(k -> k instanceof Map<?, ?> kind && "HTTPRoute".equals(kind.get("kind")))) {
            return false;
        }
        if (!(allowed.get("kinds") instanceof List<?>) && !List.of("HTTP", "HTTPS").contains(String.valueOf(listener.get("protocol")))) {
            return false;
        }
        Map<String, Object> from = (Map<String, Object>) allowed.getOrDefault("namespaces", Map.of());
        return switch (String.valueOf(from.getOrDefault("from", "Same"))) {
            case "All" -> true;
            case "Selector" -> {
                Namespace ns = namespaces.getStore().getByKey(routeNamespace);
                Map<String, String> labels = ns == null || ns.getMetadata().getLabels() == null ? Map.of() : ns.getMetadata().getLabels();
                Map<String, String> wanted = from.get("selector") instanceof Map<?, ?> selector && selector.get("matchLabels") instanceof Map<?, ?> m
                        ? (Map<String, String>) m : Map.of();
                yield labels.entrySet().containsAll(wanted.entrySet());
            }
            default -> routeNamespace.equals(gatewayNamespace);
        };
    }

    /** A listener without hostname takes any route; otherwise one of the route's hostnames must match it (a leading {@code *.} matches one or more labels). */
    private static boolean hostnameMatches(String listenerHostname, List<String> routeHostnames) {
        if (listenerHostname == null || routeHostnames.isEmpty()) {
            return true;
        }
        return routeHostnames.stream().anyMatch(h -> h.equals(listenerHostname)
                || listenerHostname.startsWith("*.") && h.endsWith(listenerHostname.substring(1)));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> resolvedRefs(GenericKubernetesResource route, String namespace, List<Map<String, Object>> rules) {
        for (Map<String, Object> rule : rules) {
            for (Map<String, Object> backend : (List<Map<String, Object>>) rule.getOrDefault("backendRefs", List.of())) {
                String name = String.valueOf(backend.get("name"));
                if (services.getStore().getByKey(namespace + "/" + name) == null) {
                    return condition("ResolvedRefs", false, "BackendNotFound",
                            "Cannot load HTTPBackendRef " + namespace + "/" + name + ": getting service: service \"" + name + "\" not found", route);
                }
            }
        }
        return condition("ResolvedRefs", true, "ResolvedRefs", "", route);
    }

    private static Map<String, Object> condition(String type, boolean status, String reason, String message, GenericKubernetesResource route) {
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("type", type);
        condition.put("status", status ? "True" : "False");
        condition.put("observedGeneration", route.getMetadata().getGeneration());
        condition.put("lastTransitionTime", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        condition.put("reason", reason);
        condition.put("message", message);
        return condition;
    }

    /** Writes {@code status.parents} when it says something new (times aside), so that its own update does not loop. */
    @SuppressWarnings("unchecked")
    private void writeStatus(GenericKubernetesResource route, List<Object> parents) {
        Object before = route.getAdditionalProperties().get("status") instanceof Map<?, ?> status ? status.get("parents") : null;
        if (withoutTimes(before).equals(withoutTimes(parents))) {
            return;
        }
        try {
            client.genericKubernetesResources(HTTP_ROUTE).inNamespace(route.getMetadata().getNamespace()).withName(route.getMetadata().getName())
                    .editStatus(current -> {
                        current.getAdditionalProperties().put("status", Map.of("parents", parents));
                        return current;
                    });
        } catch (KubernetesClientException gone) {
            if (gone.getCode() != 404) {
                throw gone;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Object withoutTimes(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> {
                if (!"lastTransitionTime".equals(k)) {
                    copy.put(k, withoutTimes(v));
                }
            });
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(SimulatedGatewayController::withoutTimes).toList();
        }
        if (value instanceof Number number) {
            return number.longValue();
        }
        return Objects.requireNonNullElse(value, List.of());
    }

    @Override
    public void close() {
        routes.close();
        gateways.close();
        services.close();
        namespaces.close();
    }
}
