package io.envsaga.testsupport.apps;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.simulation.net.Endpoint;
import io.envsaga.testsupport.services.RabbitMqExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs a module's executable jar, {@code target/envsaga-<module>.jar}, with {@code java -jar} as
 * an operator would, and waits for its health endpoint to say UP (which includes the broker
 * connection). A module's integration test extends this class and adds nothing; it runs after
 * {@code package} (failsafe), when the jar exists.
 */
public abstract class ExecutableJarCheck {

    @RegisterExtension
    static final RabbitMqExtension rabbit = new RabbitMqExtension();

    /** Arguments beyond the defaults that this application needs to start (e.g. a database). */
    protected List<String> extraArguments() {
        return List.of();
    }

    @Test
    void theJarStartsWithJavaJarAndReportsHealthy() throws Exception {
        String module = Path.of("").toAbsolutePath().getFileName().toString();
        Path jar = Path.of("target", "envsaga-" + module + ".jar");
        assertThat(jar).as("the executable jar of %s", module).exists();
        int port = freePort();
        Endpoint broker = rabbit.endpoint();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--server.port=" + port,
                // the broker the tests use (the default, 127.0.0.1:5672, unless the harness found another) and a
                // topology of this test's own, so that nothing is declared under the production names
                "--spring.rabbitmq.host=" + broker.host(), "--spring.rabbitmq.port=" + broker.port(),
                "--spring.rabbitmq.username=" + broker.username(), "--spring.rabbitmq.password=" + broker.password(),
                "--envsaga.bus.prefix=" + rabbit.topology().prefix()));
        command.addAll(extraArguments());
        Path log = Files.createTempFile("envsaga-" + module, ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build();
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions()
                    .failFast("the application exited; its log is " + log, () -> !process.isAlive())
                    .until(() -> http.send(health, HttpResponse.BodyHandlers.ofString()).body(), body -> body.contains("\"UP\""));
        } finally {
            process.destroy();
            process.waitFor();
        }
    }

    private static int freePort() {
        return io.envsaga.simulation.net.FreePorts.take();
    }
}
