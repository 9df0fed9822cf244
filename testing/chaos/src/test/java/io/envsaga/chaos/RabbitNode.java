package io.envsaga.chaos;

import io.envsaga.simulation.net.FreePorts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A RabbitMQ node of the suite's own: a second {@code rabbitmq-server} beside the machine's,
 * on free ports, with its own node name, data and logs under {@code dir} (owned by the
 * {@code rabbitmq} user, as the server requires), so that killing or pausing it never touches
 * the broker on 5672. Durable state survives {@link #kill()} and {@link #start()}.
 */
final class RabbitNode implements AutoCloseable {

    private static final Path SERVER = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final String nodeName;
    private final int amqpPort;
    private final int managementPort;
    private final int distributionPort;
    // HTTP/1.1: the client's h2c upgrade of a request with a body (a PUT) is closed by the management listener
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    private volatile long pid;

    RabbitNode(Path dir) throws IOException {
        this.dir = dir;
        this.nodeName = "envsaga-chaos-" + ProcessHandle.current().pid() + "@localhost";
        this.amqpPort = FreePorts.take();
        this.managementPort = FreePorts.take();
        this.distributionPort = FreePorts.take();
    }

    /** Why a node cannot be started here, or null when it can. */
    static String unavailable() {
        if (!Files.isExecutable(SERVER)) {
            return SERVER + " is not installed (apt-get install rabbitmq-server): the chaos suite runs a RabbitMQ node of its own";
        }
        if (!"root".equals(System.getProperty("user.name")) && !"rabbitmq".equals(System.getProperty("user.name"))) {
            return "the chaos suite starts rabbitmq-server as the rabbitmq user, which needs root (or being that user)";
        }
        return null;
    }

    int amqpPort() {
        return amqpPort;
    }

    String nodeName() {
        return nodeName;
    }

    /** Starts (or restarts) the node and waits until AMQP and the management API answer. */
    synchronized void start() throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("mnesia"));
        Files.createDirectories(dir.resolve("log"));
        Files.writeString(dir.resolve("rabbitmq.conf"), """
                listeners.tcp.1 = 127.0.0.1:%d
                management.tcp.ip = 127.0.0.1
                management.tcp.port = %d
                """.formatted(amqpPort, managementPort));
        Files.deleteIfExists(dir.resolve("pid"));
        run("chown", "-R", "rabbitmq:rabbitmq", dir.toString());
        Map<String, String> env = new LinkedHashMap<>();
        env.put("RABBITMQ_NODENAME", nodeName);
        env.put("RABBITMQ_NODE_PORT", Integer.toString(amqpPort));
        env.put("RABBITMQ_DIST_PORT", Integer.toString(distributionPort));
        env.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
        env.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
        env.put("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString());
        env.put("RABBITMQ_PID_FILE", dir.resolve("pid").toString());
        env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
        Files.writeString(dir.resolve("enabled_plugins"), "[rabbitmq_management].\n");
        run("chown", "rabbitmq:rabbitmq", dir.resolve("enabled_plugins").toString());
        StringBuilder command = new StringBuilder("env");
        env.forEach((key, value) -> command.append(' ').append(key).append('=').append(value));
        command.append(' ').append(SERVER).append(" -detached");
        if ("rabbitmq".equals(System.getProperty("user.name"))) {
            run("sh", "-c", command.toString());
        } else {
            run("su", "rabbitmq", "-s", "/bin/sh", "-c", command.toString());
        }
        Awaitility.await("RabbitMQ node " + nodeName + " (log in " + dir.resolve("log") + ")").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> Files.exists(dir.resolve("pid")) && answers(amqpPort) && management("/api/overview") != null);
        pid = Long.parseLong(Files.readString(dir.resolve("pid")).trim());
    }

    /** SIGKILL: the node dies at once, as on a crash or an OOM kill; durable queues come back on {@link #start()}. */
    synchronized void kill() throws IOException, InterruptedException {
        signal("KILL");
        Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> ProcessHandle.of(pid).isEmpty() && !answers(amqpPort));
    }

    /** SIGSTOP: the node keeps its connections open but answers nothing, as a stalled VM. */
    synchronized void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT. */
    synchronized void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    /** Every queue of the node with its ready and unacknowledged message counts. */
    List<QueueInfo> queues() {
        JsonNode queues = management("/api/queues?columns=name,messages");
        return java.util.stream.StreamSupport.stream(queues.spliterator(), false)
                .map(q -> new QueueInfo(q.path("name").asText(), q.path("messages").asLong())).toList();
    }

    List<String> vhosts() {
        JsonNode vhosts = management("/api/vhosts?columns=name");
        return java.util.stream.StreamSupport.stream(vhosts.spliterator(), false).map(v -> v.path("name").asText()).toList();
    }

    record QueueInfo(String name, long messages) {
    }

    /**
     * A broker user of its own (password: its name) with every permission on the default vhost, as
     * definitions.json gives each step service of a cluster; durable, so it survives {@link #kill()}.
     */
    void addUser(String user) {
        String name = java.net.URLEncoder.encode(user, StandardCharsets.UTF_8);
        management("PUT", "/api/users/" + name, "{\"password\":\"" + user + "\",\"tags\":\"\"}");
        management("PUT", "/api/permissions/%2F/" + name, "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}");
    }

    private JsonNode management(String path) {
        return management("GET", path, null);
    }

    private JsonNode management(String method, String path, String body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                    .timeout(Duration.ofSeconds(5))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8)))
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("management API " + method + " " + path + ": HTTP " + response.statusCode());
            }
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("management API " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void signal(String signal) throws IOException, InterruptedException {
        if (pid > 0) {
            run("kill", "-" + signal, Long.toString(pid));
        }
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }

    /** Kills the node (if it runs) and removes its data. */
    @Override
    public void close() throws Exception {
        try {
            resume();
            if (pid > 0 && ProcessHandle.of(pid).isPresent()) {
                kill();
            }
        } finally {
            ChaosSystem.deleteTree(dir);
        }
    }
}
