package io.envsaga.simulation.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What the real {@code kubectl} asks of an API server and fabric8's mock does not answer: the
 * discovery documents ({@code /version}, {@code /api}, {@code /apis}, {@code /api/v1},
 * {@code /apis/<group>/<version>}) and, for {@code kubectl get}, lists as a
 * {@code meta.k8s.io/v1 Table} (server-side printing) with the columns a real server prints for
 * Deployments, Services, Ingresses and Pods ({@code NAME} and {@code AGE} for the rest, as for a
 * custom resource without printer columns).
 */
final class KubectlViews {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Resource(String plural, String kind, boolean namespaced, List<String> shortNames) {
    }

    /** group/version ("v1" for the core group) to its resources: the built-in kinds envsaga uses or reads. */
    private final Map<String, List<Resource>> served = new ConcurrentHashMap<>(Map.of(
            "v1", List.of(new Resource("namespaces", "Namespace", false, List.of("ns")),
                    new Resource("pods", "Pod", true, List.of("po")),
                    new Resource("services", "Service", true, List.of("svc")),
                    new Resource("secrets", "Secret", true, List.of()),
                    new Resource("configmaps", "ConfigMap", true, List.of("cm")),
                    new Resource("persistentvolumeclaims", "PersistentVolumeClaim", true, List.of("pvc")),
                    new Resource("nodes", "Node", false, List.of("no")),
                    new Resource("events", "Event", true, List.of("ev"))),
            "apps/v1", List.of(new Resource("deployments", "Deployment", true, List.of("deploy")),
                    new Resource("statefulsets", "StatefulSet", true, List.of("sts")),
                    new Resource("replicasets", "ReplicaSet", true, List.of("rs"))),
            "networking.k8s.io/v1", List.of(new Resource("ingresses", "Ingress", true, List.of("ing"))),
            "apiextensions.k8s.io/v1", List.of(new Resource("customresourcedefinitions", "CustomResourceDefinition", false, List.of("crd", "crds")))));

    /** Learns a custom resource's group, versions and names when its CRD is created. */
    void crdCreated(JsonNode crd) {
        JsonNode spec = crd.path("spec");
        JsonNode names = spec.path("names");
        List<String> shortNames = new ArrayList<>();
        names.path("shortNames").forEach(n -> shortNames.add(n.asText()));
        Resource resource = new Resource(names.path("plural").asText(), names.path("kind").asText(),
                !"Cluster".equals(spec.path("scope").asText()), shortNames);
        spec.path("versions").forEach(v -> served.merge(spec.path("group").asText() + "/" + v.path("name").asText(), List.of(resource),
                (a, b) -> { List<Resource> all = new ArrayList<>(a); all.addAll(b); return List.copyOf(all); }));
    }

    /** The discovery document for this path, or null when the path is not a discovery path. */
    MockResponse discovery(String path) {
        ObjectNode body = JSON.createObjectNode();
        if (path.equals("/version")) {
            body.put("major", "1").put("minor", "32").put("gitVersion", "v1.32.0-envsaga-mock").put("platform", "linux/amd64");
        } else if (path.equals("/api")) {
            body.put("kind", "APIVersions").putArray("versions").add("v1");
            body.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0").put("serverAddress", "127.0.0.1");
        } else if (path.equals("/apis")) {
            body.put("kind", "APIGroupList").put("apiVersion", "v1");
            ArrayNode groups = body.putArray("groups");
            served.keySet().stream().filter(gv -> gv.contains("/")).map(gv -> gv.substring(0, gv.indexOf('/'))).distinct().sorted()
                    .forEach(group -> {
                        ObjectNode g = groups.addObject().put("name", group);
                        ArrayNode versions = g.putArray("versions");
                        served.keySet().stream().filter(gv -> gv.startsWith(group + "/")).sorted().forEach(gv -> versions.addObject()
                                .put("groupVersion", gv).put("version", gv.substring(group.length() + 1)));
                        g.set("preferredVersion", versions.get(0));
                    });
        } else if (path.equals("/api/v1") || (path.startsWith("/apis/") && path.chars().filter(c -> c == '/').count() == 3)) {
            String groupVersion = path.equals("/api/v1") ? "v1" : path.substring("/apis/".length());
            List<Resource> resources = served.get(groupVersion);
            if (resources == null) {
                return null;
            }
            body.put("kind", "APIResourceList").put("apiVersion", "v1").put("groupVersion", groupVersion);
            ArrayNode list = body.putArray("resources");
            for (Resource r : resources) {
                ObjectNode node = list.addObject().put("name", r.plural()).put("singularName", r.kind().toLowerCase())
                        .put("namespaced", r.namespaced()).put("kind", r.kind());
                ArrayNode verbs = node.putArray("verbs");
                List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch").forEach(verbs::add);
                ArrayNode shortNames = node.putArray("shortNames");
                r.shortNames().forEach(shortNames::add);
            }
        } else {
            return null;
        }
        return json(body);
    }

    /** Whether the client asked for server-side printing. */
    static boolean wantsTable(RecordedRequest request) {
        String accept = request.getHeader("Accept");
        return "GET".equals(request.getMethod()) && accept != null && accept.contains("as=Table");
    }

    /** The Table for a list (or one object) the CRUD mock answered. */
    MockResponse table(String path, MockResponse answer) {
        if (answer.code() != 200 || answer.getBody() == null) {
            return answer;
        }
        JsonNode body;
        try {
            body = JSON.readTree(new String(answer.getBody().getBytes(), StandardCharsets.UTF_8));
        } catch (Exception e) {
            return answer;
        }
        List<JsonNode> items = new ArrayList<>();
        if (body.has("items")) {
            body.path("items").forEach(items::add);
        } else {
            items.add(body);
        }
        String kind = kindOf(path);
        Columns columns = Columns.of(kind);
        ObjectNode table = JSON.createObjectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
        table.putObject("metadata").put("resourceVersion", body.path("metadata").path("resourceVersion").asText(""));
        ArrayNode definitions = table.putArray("columnDefinitions");
        columns.names().forEach(name -> definitions.addObject().put("name", name).put("type", "string")
                .put("format", name.equals("Name") ? "name" : "").put("description", "").put("priority", 0));
        ArrayNode rows = table.putArray("rows");
        for (JsonNode item : items) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            columns.cells().forEach(cell -> cells.add(cell.apply(item)));
            ObjectNode object = row.putObject("object").put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
            object.set("metadata", item.path("metadata").deepCopy());
        }
        return json(table);
    }

    /** The kind a request path names: the plural after the group/version (and namespace), looked up among the served resources. */
    private String kindOf(String path) {
        String[] segments = path.replaceFirst("^/api/v1/?", "").replaceFirst("^/apis/[^/]+/[^/]+/?", "").split("/");
        int at = segments.length >= 3 && segments[0].equals("namespaces") ? 2 : 0;
        String plural = segments[at];
        return served.values().stream().flatMap(List::stream).filter(r -> r.plural().equals(plural)).map(Resource::kind)
                .findFirst().orElse("");
    }

    private record Columns(List<String> names, List<Function<JsonNode, String>> cells) {
        static Columns of(String kind) {
            return switch (kind) {
                case "Deployment" -> new Columns(List.of("Name", "Ready", "Up-to-date", "Available", "Age"), List.of(
                        KubectlViews::name,
                        d -> d.path("status").path("readyReplicas").asInt(0) + "/" + d.path("spec").path("replicas").asInt(1),
                        d -> String.valueOf(d.path("status").path("updatedReplicas").asInt(0)),
                        d -> String.valueOf(d.path("status").path("availableReplicas").asInt(0)),
                        KubectlViews::age));
                case "Service" -> new Columns(List.of("Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age"), List.of(
                        KubectlViews::name,
                        s -> s.path("spec").path("type").asText("ClusterIP"),
                        s -> s.path("spec").path("clusterIP").asText("<none>"),
                        s -> "<none>",
                        s -> join(s.path("spec").path("ports"), p -> p.path("port").asText() + "/" + p.path("protocol").asText("TCP")),
                        KubectlViews::age));
                case "Ingress" -> new Columns(List.of("Name", "Class", "Hosts", "Address", "Ports", "Age"), List.of(
                        KubectlViews::name,
                        i -> i.path("spec").path("ingressClassName").asText("<none>"),
                        i -> join(i.path("spec").path("rules"), r -> r.path("host").asText("*")),
                        i -> "",
                        i -> i.path("spec").path("tls").isEmpty() ? "80" : "80, 443",
                        KubectlViews::age));
                case "Pod" -> new Columns(List.of("Name", "Ready", "Status", "Restarts", "Age"), List.of(
                        KubectlViews::name,
                        p -> count(p, "ready", true) + "/" + p.path("spec").path("containers").size(),
                        KubectlViews::podStatus,
                        p -> String.valueOf(p.path("status").path("containerStatuses").path(0).path("restartCount").asInt(0)),
                        KubectlViews::age));
                default -> new Columns(List.of("Name", "Age"), List.of(KubectlViews::name, KubectlViews::age));
            };
        }
    }

    private static String name(JsonNode item) {
        return item.path("metadata").path("name").asText();
    }

    private static String age(JsonNode item) {
        String created = item.path("metadata").path("creationTimestamp").asText("");
        if (created.isEmpty()) {
            return "<unknown>";
        }
        Duration age = Duration.between(Instant.parse(created), Instant.now());
        return age.toDays() > 0 ? age.toDays() + "d" : age.toHours() > 0 ? age.toHours() + "h"
                : age.toMinutes() > 0 ? age.toMinutes() + "m" : Math.max(0, age.toSeconds()) + "s";
    }

    private static String podStatus(JsonNode pod) {
        for (JsonNode status : pod.path("status").path("containerStatuses")) {
            String waiting = status.path("state").path("waiting").path("reason").asText("");
            if (!waiting.isEmpty()) {
                return waiting;
            }
        }
        return pod.path("status").path("phase").asText("Unknown");
    }

    private static long count(JsonNode pod, String field, boolean value) {
        long n = 0;
        for (JsonNode status : pod.path("status").path("containerStatuses")) {
            n += status.path(field).asBoolean(!value) == value ? 1 : 0;
        }
        return n;
    }

    private static String join(JsonNode array, Function<JsonNode, String> part) {
        List<String> parts = new ArrayList<>();
        array.forEach(element -> parts.add(part.apply(element)));
        return parts.isEmpty() ? "<none>" : String.join(",", parts);
    }

    private static MockResponse json(JsonNode body) {
        return new MockResponse().setResponseCode(200).addHeader("Content-Type", "application/json").setBody(body.toString());
    }
}
