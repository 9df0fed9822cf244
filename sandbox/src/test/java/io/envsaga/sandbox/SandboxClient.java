package io.envsaga.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** What the sandbox's tests do as a user would: the REST API with the token, kubectl with the kubeconfig. */
final class SandboxClient {

    static final Path KUBECTL = Path.of("/usr/bin/kubectl");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Sandbox sandbox;

    SandboxClient(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    static Path example(String name) {
        return Path.of("..", "examples", name + ".yaml");
    }

    static Path spec(String name) {
        return Path.of("src", "test", "resources", "specs", name + ".yaml");
    }

    JsonNode environment(String name) {
        HttpResponse<String> response = sandbox.api("GET", "/api/v1/environments/" + name);
        return response.statusCode() == 200 ? read(response.body()) : null;
    }

    /** Waits until the environment is in {@code phase} at a generation of at least {@code generation}. */
    JsonNode awaitPhase(String name, String phase, long generation, Duration timeout) {
        return Awaitility.await().dontCatchUncaughtExceptions().atMost(timeout).pollInterval(Duration.ofMillis(200))
                .until(() -> environment(name), env -> env != null && phase.equals(env.path("phase").asText())
                        && env.path("generation").asLong() >= generation);
    }

    JsonNode history(String name) {
        HttpResponse<String> response = sandbox.api("GET", "/api/v1/environments/" + name + "/history");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return read(response.body());
    }

    /** Submits a spec document (YAML) through the API. */
    HttpResponse<String> submit(String yaml) throws IOException {
        Path file = Files.createTempFile("spec", ".yaml");
        Files.writeString(file, yaml);
        return sandbox.apply(file);
    }

    /** Runs the real kubectl with the sandbox's kubeconfig; returns what it printed. */
    String kubectl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(KUBECTL.toString(), "--kubeconfig", sandbox.file("kubeconfig").toString(),
                "--cache-dir", sandbox.file("kube-cache").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }
}
