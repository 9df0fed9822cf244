package io.envsaga.orchestrator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The PromQL that deploy/ ships: each dashboard panel's queries and each alert's expression (deploy/control-plane/observability). */
final class ShippedQueries {

    static final Path OBSERVABILITY = Path.of("..", "deploy", "control-plane", "observability");

    private ShippedQueries() {
    }

    /** "panel title / refId" to its expression. */
    @SuppressWarnings("unchecked")
    static Map<String, String> dashboard() {
        Map<String, Object> dashboard = (Map<String, Object>) load(OBSERVABILITY.resolve("envsaga-dashboard.json"));
        Map<String, String> queries = new LinkedHashMap<>();
        for (Object panel : (List<Object>) dashboard.get("panels")) {
            Map<String, Object> p = (Map<String, Object>) panel;
            for (Object target : (List<Object>) p.getOrDefault("targets", List.of())) {
                Map<String, Object> t = (Map<String, Object>) target;
                queries.put(p.get("title") + " / " + t.get("refId"), (String) t.get("expr"));
            }
        }
        return queries;
    }

    /** Each alert's name to its expression. */
    @SuppressWarnings("unchecked")
    static Map<String, String> alerts() {
        Map<String, Object> rule = (Map<String, Object>) load(OBSERVABILITY.resolve("prometheus-rules.yaml"));
        Map<String, String> alerts = new LinkedHashMap<>();
        for (Object group : (List<Object>) ((Map<String, Object>) rule.get("spec")).get("groups")) {
            for (Object r : (List<Object>) ((Map<String, Object>) group).get("rules")) {
                Map<String, Object> alert = (Map<String, Object>) r;
                alerts.put((String) alert.get("alert"), String.valueOf(alert.get("expr")));
            }
        }
        return alerts;
    }

    private static Object load(Path file) {
        try {
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
