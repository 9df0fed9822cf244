package io.envsaga.deploy;

import java.util.List;
import java.util.Set;

/**
 * One request to the Kubernetes API, as RBAC sees it: API group, resource (with its
 * subresource, e.g. {@code pods/portforward}), namespace (null when cluster-scoped) and the RBAC
 * verbs it needs.
 *
 * @param verbs the verbs an authorizer checks: a server-side apply is a {@code patch}, and also a
 *              {@code create} when it makes the object (the API server authorizes both; apply
 *              cannot know beforehand which it will be, so the rules grant both)
 */
record ApiRequest(String group, String resource, String namespace, String name, Set<String> verbs, String path) {

    /** From the mock API server's log: its verb (GET, LIST, WATCH, POST, PUT, APPLY, PATCH, DELETE) and path. */
    static ApiRequest parse(String logVerb, String pathWithQuery) {
        String path = pathWithQuery.contains("?") ? pathWithQuery.substring(0, pathWithQuery.indexOf('?')) : pathWithQuery;
        List<String> parts = List.of(path.replaceFirst("^/", "").split("/"));
        String group;
        int at;
        if (parts.get(0).equals("api")) {
            group = "";
            at = 2;
        } else if (parts.get(0).equals("apis")) {
            group = parts.get(1);
            at = 3;
        } else {
            throw new IllegalArgumentException("not a resource path: " + path);
        }
        List<String> rest = parts.subList(at, parts.size());
        String namespace = null;
        if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
            namespace = rest.get(1);
            rest = rest.subList(2, rest.size());
        } else if (rest.size() == 2 && rest.get(0).equals("namespaces")) {
            // the namespace itself: /api/v1/namespaces/<name>
            return new ApiRequest(group, "namespaces", null, rest.get(1), verbs(logVerb, true), path);
        }
        String resource = rest.get(0);
        String name = rest.size() > 1 ? rest.get(1) : null;
        if (rest.size() > 2) {
            resource = resource + "/" + rest.get(2);
        }
        return new ApiRequest(group, resource, namespace, name, verbs(logVerb, name != null), path);
    }

    private static Set<String> verbs(String logVerb, boolean oneObject) {
        return switch (logVerb) {
            case "GET" -> Set.of("get");
            case "LIST" -> Set.of("list");
            case "WATCH" -> Set.of("watch");
            case "POST" -> Set.of("create");
            case "PUT" -> Set.of("update");
            case "APPLY" -> Set.of("patch", "create");
            case "PATCH" -> Set.of("patch");
            case "DELETE" -> Set.of(oneObject ? "delete" : "deletecollection");
            default -> throw new IllegalArgumentException("unknown verb " + logVerb);
        };
    }

    String describe() {
        return (group.isEmpty() ? "core" : group) + "/" + resource
                + (namespace != null ? " in " + namespace : "") + " (" + path + ")";
    }
}
