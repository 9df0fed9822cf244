package io.envsaga.simulation.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which paths the simulated API server serves: built-in groups always, a custom group/version only
 * once its CRD has been created; others answer 404, as on a real server.
 */
final class ServedApis {

    private static final Pattern GROUP_PATH = Pattern.compile("^/apis/([^/]+)/([^/?]+)(/.*)?$");

    /** The custom group/versions whose CRD has been created. */
    private final Set<String> servedCustomGroups = ConcurrentHashMap.newKeySet();

    /** Built-in groups (no dot, or *.k8s.io) are served; a custom group/version only once its CRD exists. */
    boolean serves(String path) {
        Matcher matcher = GROUP_PATH.matcher(withoutQuery(path));
        if (!matcher.matches()) {
            return true;
        }
        String group = matcher.group(1);
        return !group.contains(".") || group.endsWith(".k8s.io") || servedCustomGroups.contains(group + "/" + matcher.group(2));
    }

    /** Whether the request created a CRD (the group/versions it names are then served). */
    static boolean createsCrd(String method, String path) {
        return "POST".equals(method) && withoutQuery(path).endsWith("/apiextensions.k8s.io/v1/customresourcedefinitions");
    }

    void crdCreated(JsonNode crd) {
        crd.path("spec").path("versions").forEach(v -> servedCustomGroups.add(crd.path("spec").path("group").asText() + "/" + v.path("name").asText()));
    }

    /** What a real server answers for a path it does not serve. */
    static MockResponse notFound() {
        return new MockResponse().setResponseCode(404).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                + "\"reason\":\"NotFound\",\"code\":404,\"message\":\"the server could not find the requested resource\"}");
    }

    static String withoutQuery(String path) {
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }
}
