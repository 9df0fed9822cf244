package io.envsaga.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;
import org.yaml.snakeyaml.Yaml;

/**
 * The Argo CD health check of Environment objects (deploy/argocd/environment-health.lua), run by
 * a Lua interpreter on a table of objects, as Argo CD runs it on each Environment it syncs; and
 * docs/gitops.md shows the same script.
 */
class EnvironmentHealthTest {

    private static final Path SCRIPT = Manifests.ROOT.resolve("deploy/argocd/environment-health.lua");

    static Stream<Arguments> cases() {
        return Stream.of(
                health("no status yet", 1, null, "Progressing", "Waiting for envsaga to take the spec"),
                health("a new generation not yet taken", 2, """
                        phase: Ready
                        observedGeneration: 1
                        conditions:
                        - {type: Ready, status: "True", observedGeneration: 1, reason: Ready, message: all five steps are done}
                        """, "Progressing", "Waiting for envsaga to take generation 2 (it has 1)"),
                health("ready for the current generation", 2, """
                        phase: Ready
                        observedGeneration: 2
                        conditions:
                        - {type: Ready, status: "True", observedGeneration: 2, reason: Ready, message: all five steps are done}
                        - {type: Progressing, status: "False", observedGeneration: 2, reason: Ready, message: ""}
                        - {type: Degraded, status: "False", observedGeneration: 2, reason: Ready, message: ""}
                        """, "Healthy", "all five steps are done"),
                health("ready, but for the generation before", 2, """
                        phase: Applying
                        observedGeneration: 2
                        conditions:
                        - {type: Ready, status: "True", observedGeneration: 1, reason: Ready, message: generation 1 is up}
                        """, "Progressing", "generation 1 is up"),
                health("applying", 3, """
                        phase: Applying
                        observedGeneration: 3
                        conditions:
                        - {type: Ready, status: "False", observedGeneration: 3, reason: Applying, message: ""}
                        - {type: Progressing, status: "True", observedGeneration: 3, reason: Applying, message: 3 of 5 steps done}
                        """, "Progressing", "3 of 5 steps done"),
                health("a step failed", 3, """
                        phase: RollingBack
                        observedGeneration: 3
                        conditions:
                        - {type: Progressing, status: "True", observedGeneration: 3, reason: RollingBack, message: releasing}
                        - {type: Degraded, status: "True", observedGeneration: 3, reason: StepFailed, message: "workloads: image ghcr.io/skkuding/codedang-frontend:bad not found"}
                        """, "Degraded", "workloads: image ghcr.io/skkuding/codedang-frontend:bad not found"),
                health("failed, without a Degraded condition", 1, """
                        phase: Failed
                        observedGeneration: 1
                        """, "Degraded", "Phase Failed"),
                health("refused by the namespace's grant", 1, """
                        phase: Refused
                        observedGeneration: 1
                        conditions:
                        - {type: Degraded, status: "True", observedGeneration: 1, reason: NotGranted, message: "namespace codedang-ci may only make codedang-pr-*"}
                        """, "Degraded", "namespace codedang-ci may only make codedang-pr-*"),
                health("not ready, nothing in progress", 1, """
                        phase: Pending
                        observedGeneration: 1
                        conditions:
                        - {type: Ready, status: "False", observedGeneration: 1, reason: Pending, message: ""}
                        """, "Progressing", "Waiting for Ready (phase Pending)"),
                health("deleting", 4, """
                        phase: Deleting
                        observedGeneration: 4
                        conditions:
                        - {type: Progressing, status: "True", observedGeneration: 4, reason: Deleting, message: releasing every step}
                        """, "Progressing", "releasing every step"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mapsTheStatusToArgoCdsHealth(String name, Map<String, Object> object, String health, String message) throws IOException {
        Globals globals = JsePlatform.standardGlobals();
        globals.set("obj", lua(object));

        LuaValue result = globals.load(Files.readString(SCRIPT), "environment-health.lua").call();

        assertThat(result.get("status").tojstring()).as(name).isEqualTo(health);
        assertThat(result.get("message").tojstring()).as(name).isEqualTo(message);
    }

    @Test
    void theDocsShowTheSameScript() throws IOException {
        String indented = Files.readString(SCRIPT).lines().map(line -> line.isEmpty() ? "" : "    " + line)
                .reduce((a, b) -> a + "\n" + b).orElseThrow();

        assertThat(Files.readString(Manifests.ROOT.resolve("docs/gitops.md")))
                .contains("  resource.customizations.health.envsaga.io_Environment: |\n" + indented + "\n");
    }

    private static Arguments health(String name, int generation, String status, String health, String message) {
        Map<String, Object> object = new java.util.LinkedHashMap<>();
        object.put("apiVersion", "envsaga.io/v1");
        object.put("kind", "Environment");
        object.put("metadata", Map.of("name", "codedang-stage", "namespace", "codedang-environments", "generation", generation));
        if (status != null) {
            object.put("status", new Yaml().load(status));
        }
        return Arguments.of(name, object, health, message);
    }

    /** A YAML value as Argo CD hands it to the script: maps and lists as tables, numbers, strings, booleans. */
    private static LuaValue lua(Object value) {
        if (value instanceof Map<?, ?> map) {
            LuaTable table = new LuaTable();
            map.forEach((k, v) -> table.set(String.valueOf(k), lua(v)));
            return table;
        }
        if (value instanceof List<?> list) {
            LuaTable table = new LuaTable();
            for (int i = 0; i < list.size(); i++) {
                table.set(i + 1, lua(list.get(i)));
            }
            return table;
        }
        if (value instanceof Number number) {
            return LuaValue.valueOf(number.doubleValue());
        }
        if (value instanceof Boolean bool) {
            return LuaValue.valueOf(bool);
        }
        return value == null ? LuaValue.NIL : LuaValue.valueOf(value.toString());
    }
}
