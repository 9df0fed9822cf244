package io.envsaga.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.architecture.Repository.Module;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md draws the module graph (a Mermaid flowchart); the poms must say the same.
 * A solid arrow is a dependency the module ships with (compile or runtime scope), a dotted one a
 * dependency of its tests or of its place in the build (test or provided scope). Not drawn, as the
 * page says: every module's tests may use test-support, and these checks depend on every module.
 */
class ModuleGraphTest {

    private static final String CHECKS = "envsaga-architecture";
    private static final Pattern NODE = Pattern.compile("^\\s*(\\w+)\\[\"([\\w-]+)\"]\\s*$");
    private static final Pattern EDGE = Pattern.compile("^\\s*(\\w+)\\s*(-->|-\\.->)\\s*(\\w+)\\s*$");

    @Test
    void everyDependencyBetweenModulesIsDrawnAndEveryArrowIsADependency() {
        Drawing drawing = Drawing.read();
        Map<String, String> nameOfArtifact = new LinkedHashMap<>();
        Repository.modules().forEach(module -> nameOfArtifact.put(module.artifactId(), module.name()));

        Set<String> inPoms = new TreeSet<>();
        for (Module module : Repository.modules()) {
            if (module.artifactId().equals(CHECKS)) {
                continue;
            }
            module.dependencies().stream()
                    .filter(dependency -> dependency.main() || !dependency.artifactId().equals("envsaga-test-support"))
                    .forEach(dependency -> inPoms.add(module.name() + (dependency.main() ? " --> " : " -.-> ")
                            + nameOfArtifact.getOrDefault(dependency.artifactId(), dependency.artifactId())));
        }
        assertThat(drawing.edges)
                .as("the arrows of docs/architecture.md's module graph against the poms' dependencies between modules"
                        + " (solid: compile/runtime scope, dotted: test/provided)")
                .containsExactlyInAnyOrderElementsOf(inPoms);
    }

    @Test
    void theGraphShowsEveryModuleAndNothingElse() {
        Set<String> modules = new TreeSet<>();
        Repository.modules().stream().filter(module -> !module.artifactId().equals(CHECKS)).forEach(module -> modules.add(module.name()));
        assertThat(new TreeSet<>(Drawing.read().nodes.values())).as("the boxes of docs/architecture.md's module graph").isEqualTo(modules);
    }

    /** The flowchart after the marker {@code <!-- module-graph -->} in docs/architecture.md. */
    private record Drawing(Map<String, String> nodes, Set<String> edges) {

        static Drawing read() {
            String page = Repository.read("docs/architecture.md");
            int marker = page.indexOf("<!-- module-graph -->");
            assertThat(marker).as("docs/architecture.md has the marker <!-- module-graph --> before its module graph").isNotNegative();
            int start = page.indexOf("```mermaid", marker);
            int end = page.indexOf("```", start + 10);
            Map<String, String> nodes = new LinkedHashMap<>();
            Set<String> edges = new TreeSet<>();
            for (String line : page.substring(start + 10, end).split("\n")) {
                Matcher node = NODE.matcher(line);
                if (node.matches()) {
                    nodes.put(node.group(1), node.group(2));
                }
            }
            for (String line : page.substring(start + 10, end).split("\n")) {
                Matcher edge = EDGE.matcher(line);
                if (edge.matches()) {
                    String from = nodes.get(edge.group(1));
                    String to = nodes.get(edge.group(3));
                    assertThat(from).as("a box for " + edge.group(1) + " in the module graph").isNotNull();
                    assertThat(to).as("a box for " + edge.group(3) + " in the module graph").isNotNull();
                    edges.add(from + " " + edge.group(2) + " " + to);
                }
            }
            return new Drawing(nodes, edges);
        }
    }
}
