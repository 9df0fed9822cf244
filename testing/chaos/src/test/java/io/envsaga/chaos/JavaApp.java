package io.envsaga.chaos;

import io.envsaga.simulation.net.FreePorts;
import java.io.IOException;
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
import org.awaitility.Awaitility;

/**
 * One of envsaga's applications as an operator runs it: {@code java -jar target/envsaga-<module>.jar}
 * in a process of its own (its log appended to {@code <logs>/<name>.log}), which the suite can
 * SIGKILL and start again with the same settings.
 */
final class JavaApp implements AutoCloseable {

    private final String name;
    private final Path jar;
    private final List<String> arguments;
    private final Map<String, String> environment;
    private final Path log;
    private final int port = FreePorts.take();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile Process process;
    private int starts;

    JavaApp(String name, String module, List<String> arguments, Map<String, String> environment, Path logs) {
        this.name = name;
        this.jar = jarOf(module);
        this.arguments = List.copyOf(arguments);
        this.environment = Map.copyOf(environment);
        this.log = logs.resolve(name + ".log");
    }

    /** The module's executable jar, built by the reactor before this module. */
    static Path jarOf(String module) {
        Path jar = Path.of("..", "..", module, "target", "envsaga-" + module + ".jar").toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build with ./mvnw -pl testing/chaos -am verify (the reactor packages "
                    + module + " before the chaos suite)");
        }
        return jar;
    }

    String name() {
        return name;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts the process; {@link #awaitHealthy} waits for it. */
    synchronized JavaApp start() throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // two cores for a dozen JVMs: the client compiler and the serial collector start faster and use less
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k", "-Xmx384m", "-XX:+ExitOnOutOfMemoryError",
                "-jar", jar.toString(), "--server.port=" + port, "--server.address=127.0.0.1", "--spring.main.banner-mode=off"));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        Files.writeString(log, "\n==== start " + (++starts) + " of " + name + " ====\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        process = builder.start();
        return this;
    }

    /** Waits until {@code /actuator/health} says UP (broker, and database for the orchestrator). */
    JavaApp awaitHealthy(Duration atMost) {
        HttpRequest health = HttpRequest.newBuilder(URI.create(url() + "/actuator/health")).timeout(Duration.ofSeconds(5)).build();
        Awaitility.await(name + " healthy (log: " + log + ")").atMost(atMost).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .failFast(name + " exited; its log is " + log, () -> !process.isAlive())
                .until(() -> http.send(health, HttpResponse.BodyHandlers.ofString()).body(), body -> body.contains("\"UP\""));
        return this;
    }

    /** The exit code of the last process, or "running". */
    String exitCode() {
        return process.isAlive() ? "running" : "exit code " + process.exitValue();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no shutdown hook runs, nothing is acknowledged or published on the way out. */
    synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Override
    public synchronized void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy(); // SIGTERM: the graceful shutdown
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
