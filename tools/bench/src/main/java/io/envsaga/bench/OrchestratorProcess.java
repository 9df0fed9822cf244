package io.envsaga.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The orchestrator as an operator runs it, {@code java -jar envsaga-orchestrator.jar}, on the
 * benchmark's own bus prefix and saga store. Its CPU time is read from the operating system.
 */
public final class OrchestratorProcess implements AutoCloseable {

    public static final String ADMIN_TOKEN = "bench-admin-token";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);

    private final Process process;
    private final int port;
    private final Path log;
    /** Stops the orchestrator when the benchmark is interrupted (Ctrl-C), so that no process outlives it. */
    private final Thread stopOnExit;

    private OrchestratorProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.stopOnExit = new Thread(process::destroy, "stop-orchestrator-" + process.pid());
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /**
     * @param properties Spring properties ({@code --name=value})
     * @param jvmArguments e.g. a flight recording
     */
    public static OrchestratorProcess start(Path jar, Map<String, String> properties, List<String> jvmArguments, Path log) {
        if (!Files.isRegularFile(jar)) {
            throw new BenchException("no orchestrator jar at " + jar + ": build it with ./mvnw -q -pl orchestrator -am package -DskipTests");
        }
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArguments);
        command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port, "--spring.main.banner-mode=off"));
        properties.forEach((name, value) -> command.add("--" + name + "=" + value));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("ENVSAGA_ADMIN_TOKEN", ADMIN_TOKEN);
        try {
            OrchestratorProcess orchestrator = new OrchestratorProcess(builder.start(), port, log);
            orchestrator.awaitHealthy();
            return orchestrator;
        } catch (IOException e) {
            throw new BenchException("cannot start " + command.get(0) + ": " + e.getMessage());
        }
    }

    private void awaitHealthy() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new BenchException("the orchestrator exited with " + process.exitValue() + " while starting; its log is " + log);
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.ofString()).body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchException("interrupted");
            }
            try {
                process.waitFor(250, TimeUnit.MILLISECONDS); // a poll interval that ends early if the process dies
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchException("interrupted");
            }
        }
        close();
        throw new BenchException("the orchestrator was not healthy within " + START_TIMEOUT.toSeconds() + " s; its log is " + log);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /** User plus system CPU time the process has used so far. */
    public Duration cpuTime() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** CPU time of the JVM's JIT compiler threads (Linux {@code /proc}; zero elsewhere). */
    public Duration jitCpuTime() {
        return ThreadCpu.ofThreadsNamed(process.pid(), name -> name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre"));
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook does the same
        }
        process.destroy(); // SIGTERM: a graceful shutdown, so that a flight recording is written
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new BenchException("no free port: " + e.getMessage());
        }
    }
}
