package io.envsaga.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The objects an overlay of {@code deploy/} renders to, through the real {@code kubectl kustomize}. */
final class Manifests {

    /** The repository's root (this module is {@code deploy/}). */
    static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();

    private Manifests() {
    }

    /** The YAML {@code kubectl kustomize deploy/overlays/<overlay>} prints. */
    static String render(String overlay) throws IOException, InterruptedException {
        Path directory = ROOT.resolve("deploy/overlays").resolve(overlay);
        Process process;
        try {
            process = new ProcessBuilder(kubectl(), "kustomize", directory.toString()).redirectErrorStream(false).start();
        } catch (IOException e) {
            throw new IllegalStateException("kubectl is needed to render deploy/ (kubectl kustomize): install kubectl "
                    + "(https://kubernetes.io/docs/tasks/tools/) or set KUBECTL to its path", e);
        }
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("kubectl kustomize " + directory + " failed: " + new String(err, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> objects(String overlay) throws IOException, InterruptedException {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(render(overlay))) {
            if (document != null) {
                objects.add((Map<String, Object>) document);
            }
        }
        return objects;
    }

    /** Every overlay of deploy/overlays: one per cluster (docs/operations.md, "Topology"). */
    static List<String> overlays() throws IOException {
        try (var directories = Files.list(ROOT.resolve("deploy/overlays"))) {
            return directories.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList();
        }
    }

    /** The Deployment of that name, or null. */
    static Map<String, Object> deployment(List<Map<String, Object>> objects, String name) {
        return ofKind(objects, "Deployment").stream().filter(d -> name.equals(name(d))).findFirst().orElse(null);
    }

    /** The first container's environment variable of that name: its entry (value or valueFrom), empty when absent. */
    static Map<String, Object> env(Map<String, Object> deployment, String variable) {
        Map<String, Object> container = map(list(deployment, "spec", "template", "spec", "containers").get(0));
        return list(container, "env").stream().map(Manifests::map).filter(e -> variable.equals(e.get("name"))).findFirst().orElse(Map.of());
    }

    /** The application.yaml a ConfigMap of the overlay holds, as YAML. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> applicationYaml(List<Map<String, Object>> objects, String configMap) {
        Map<String, Object> found = ofKind(objects, "ConfigMap").stream().filter(c -> configMap.equals(name(c))).findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap " + configMap));
        return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load((String) map(found, "data").get("application.yaml"));
    }

    static List<Map<String, Object>> ofKind(List<Map<String, Object>> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            current = current instanceof Map<?, ?> m ? m.get(key) : null;
        }
        return current instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            current = current instanceof Map<?, ?> m ? m.get(key) : null;
        }
        return current instanceof List<?> l ? (List<Object>) l : List.of();
    }

    static String name(Map<String, Object> object) {
        return (String) map(object, "metadata").get("name");
    }

    private static String kubectl() {
        String configured = System.getenv("KUBECTL");
        if (configured != null) {
            return configured;
        }
        return Files.isExecutable(Path.of("/usr/bin/kubectl")) ? "/usr/bin/kubectl" : "kubectl";
    }
}
