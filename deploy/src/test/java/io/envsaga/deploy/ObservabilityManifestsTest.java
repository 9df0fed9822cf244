package io.envsaga.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The dashboard and the alerts as the control plane ships them (docs/operations.md, "Dashboards
 * and alerts"). No JSON Schema of Grafana's dashboard is published (its schema is CUE and
 * TypeScript in Grafana's own repository), so the dashboard's structure is checked here: what
 * Grafana needs to import it. Whether the queries name real metrics: the orchestrator's ObservabilityIT.
 */
class ObservabilityManifestsTest {

    private static final Set<String> PANEL_TYPES = Set.of("timeseries", "stat", "gauge", "bargauge", "table", "heatmap", "text", "row");

    @Test
    @SuppressWarnings("unchecked")
    void theDashboardIsAConfigMapForGrafanasSidecarHoldingAnImportableDashboard() throws Exception {
        List<Map<String, Object>> objects = Manifests.objects("production");
        Map<String, Object> configMap = Manifests.ofKind(objects, "ConfigMap").stream()
                .filter(c -> "envsaga-dashboard".equals(Manifests.name(c))).findFirst().orElseThrow();
        assertThat(Manifests.map(configMap, "metadata", "labels")).containsEntry("grafana_dashboard", "1");
        String json = (String) Manifests.map(configMap, "data").get("envsaga-dashboard.json");
        Map<String, Object> dashboard = (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(json);

        assertThat(dashboard).containsKeys("uid", "title", "schemaVersion", "panels", "time", "templating");
        assertThat((String) dashboard.get("uid")).matches("[a-zA-Z0-9_-]{1,40}");
        assertThat(dashboard.get("schemaVersion")).isInstanceOf(Integer.class);
        List<Object> variables = Manifests.list(dashboard, "templating", "list");
        assertThat(variables).anySatisfy(v -> assertThat(Manifests.map(v)).containsEntry("name", "datasource")
                .containsEntry("type", "datasource").containsEntry("query", "prometheus"));
        List<Object> panels = Manifests.list(dashboard, "panels");
        assertThat(panels).hasSizeGreaterThanOrEqualTo(6);
        Set<Object> ids = new HashSet<>();
        for (Object p : panels) {
            Map<String, Object> panel = Manifests.map(p);
            String what = "panel " + panel.get("title");
            assertThat(panel.get("id")).as(what).isInstanceOf(Integer.class);
            assertThat(ids.add(panel.get("id"))).as(what + ": its id is unique").isTrue();
            assertThat((String) panel.get("type")).as(what).isIn(PANEL_TYPES);
            Map<String, Object> grid = Manifests.map(panel, "gridPos");
            assertThat(grid.keySet()).as(what).containsExactlyInAnyOrder("h", "w", "x", "y");
            assertThat((Integer) grid.get("x") + (Integer) grid.get("w")).as(what + ": within Grafana's 24 columns").isLessThanOrEqualTo(24);
            assertThat(Manifests.map(panel, "datasource")).as(what).containsEntry("type", "prometheus").containsEntry("uid", "${datasource}");
            List<Object> targets = Manifests.list(panel, "targets");
            assertThat(targets).as(what).isNotEmpty();
            assertThat(targets.stream().map(t -> Manifests.map(t).get("refId")).collect(Collectors.toSet())).as(what + ": refIds").hasSameSizeAs(targets);
            assertThat(targets).as(what).allSatisfy(t -> assertThat((String) Manifests.map(t).get("expr")).isNotBlank());
        }
        assertThat(panels.stream().map(p -> (String) Manifests.map(p).get("title")).toList()).as("the panels issue 30 asks for")
                .anyMatch(t -> t.contains("outcome")).anyMatch(t -> t.contains("Time to Ready per step")).anyMatch(t -> t.contains("in flight"))
                .anyMatch(t -> t.contains("Dead-letter")).anyMatch(t -> t.contains("Outbox")).anyMatch(t -> t.contains("failures by reason"));
    }

    @Test
    void everyAlertHasASeverityASummaryAndARunbookSectionThatExists() throws Exception {
        List<Map<String, Object>> objects = Manifests.objects("production");
        List<Map<String, Object>> rules = Manifests.ofKind(objects, "PrometheusRule");
        assertThat(rules).hasSize(1);
        Set<String> anchors = Files.readAllLines(Manifests.ROOT.resolve("docs/operations.md")).stream()
                .filter(line -> line.startsWith("#")).map(ObservabilityManifestsTest::anchor).collect(Collectors.toSet());
        Set<String> alerts = new HashSet<>();
        for (Object group : Manifests.list(rules.get(0), "spec", "groups")) {
            for (Object r : Manifests.list(group, "rules")) {
                Map<String, Object> rule = Manifests.map(r);
                String alert = (String) rule.get("alert");
                assertThat(alerts.add(alert)).as(alert + " is named once").isTrue();
                assertThat(String.valueOf(rule.get("expr"))).as(alert).isNotBlank();
                assertThat(Manifests.map(rule, "labels")).as(alert).containsKey("severity");
                Map<String, Object> annotations = Manifests.map(rule, "annotations");
                assertThat(annotations).as(alert).containsKeys("summary", "description");
                assertThat((String) annotations.get("runbook_url")).as(alert)
                        .startsWith("https://github.com/envsaga/envsaga/blob/main/docs/operations.md#")
                        .satisfies(url -> assertThat(anchors).as(alert + ": a heading of docs/operations.md").contains(url.substring(url.indexOf('#') + 1)));
            }
        }
        assertThat(alerts).contains("EnvsagaSagaPastDeadline", "EnvsagaDeadLetters", "EnvsagaOutboxBacklogGrowing", "EnvsagaStepServiceDown");
    }

    @Test
    void stageShipsNeitherDashboardNorAlerts() throws Exception {
        List<Map<String, Object>> objects = Manifests.objects("stage");
        assertThat(Manifests.ofKind(objects, "PrometheusRule")).as("the orchestrator, whose metrics they read, runs in production").isEmpty();
        assertThat(Manifests.ofKind(objects, "ConfigMap")).extracting(Manifests::name).doesNotContain("envsaga-dashboard");
    }

    /** GitHub's anchor of a Markdown heading: lower case, punctuation dropped, spaces as dashes. */
    private static String anchor(String heading) {
        return heading.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }
}
