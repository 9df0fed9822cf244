package io.envsaga.sandbox;

import io.envsaga.contracts.bus.BusTopology;
import io.envsaga.contracts.spec.EnvironmentValidator;
import io.envsaga.contracts.spec.ValidationResult;
import io.envsaga.sandbox.apps.Application;
import io.envsaga.sandbox.apps.Applications;
import io.envsaga.sandbox.cluster.SandboxCluster;
import io.envsaga.sandbox.lifecycle.Started;
import io.envsaga.kubernetes.endpoint.FixedEndpoints;
import io.envsaga.sandbox.progress.ProgressPrinter;
import io.envsaga.sandbox.servers.EnvironmentBroker;
import io.envsaga.sandbox.servers.LocalServers;
import io.envsaga.sandbox.servers.SagaDatabase;
import io.envsaga.sandbox.servers.Servers;
import io.envsaga.simulation.kubernetes.SimulatedCluster;
import io.envsaga.simulation.route53.Route53Stub;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/**
 * envsaga on one machine: the servers (local or embedded), two Kubernetes clusters (stage and
 * production, {@link SandboxCluster#CODEDANG}: each a mock API server with its controllers and
 * step services of its own), the Route53 stub and the orchestrator, each application its own
 * Spring application context. {@link #close()} stops all of it, last started first.
 */
public final class Sandbox implements AutoCloseable {

    /** The hosted zone of the examples, made when no applied spec or --zone names one. */
    public static final String DEFAULT_ZONE = "codedang.com";

    private final SandboxOptions options;
    private final Started started = new Started("the sandbox");
    private final HttpClient http = HttpClient.newHttpClient();
    private Servers servers;
    private EnvironmentBroker environmentBroker;
    private final List<SandboxCluster> clusters = new ArrayList<>();
    private Route53Stub route53;
    private SandboxFiles files;
    private ProgressPrinter progress;
    private String token;
    private String apiUrl;
    private List<String> zones;
    private final java.util.Map<String, String> zoneIds = new java.util.LinkedHashMap<>();

    private Sandbox(SandboxOptions options) {
        this.options = options;
    }

    /** Starts everything; on a failure stops what had started and rethrows. */
    public static Sandbox start(SandboxOptions options, PrintStream out) {
        Sandbox sandbox = new Sandbox(options);
        try {
            sandbox.startAll(out);
            return sandbox;
        } catch (RuntimeException | Error e) {
            sandbox.close();
            throw e;
        }
    }

    private void startAll(PrintStream out) {
        // logging is configured once for the JVM (the sandbox's logback.xml): six applications
        // starting together would each reset and configure it again, at the same time
        if (System.getProperty("org.springframework.boot.logging.LoggingSystem") == null) {
            System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        }
        Path dir = options.directory();
        files = new SandboxFiles(dir);
        zones = zones();
        servers = Servers.start(dir, options.embeddedOnly(), options.rabbitmq(), options.postgres(), options.redis());
        started.push(servers);
        // environments' RabbitmqClusters: on the bus's broker when it can be administrated, else on an embedded one of their own
        environmentBroker = EnvironmentBroker.choose(servers.broker(), options.management(), dir.resolve("qpid"));
        started.push(environmentBroker);

        for (SandboxCluster.Definition definition : SandboxCluster.CODEDANG) {
            // --kubernetes-port is the first (default) cluster's
            SandboxCluster cluster = SandboxCluster.start(definition, clusters.isEmpty() ? options.kubernetesPort() : 0, servers,
                    environmentBroker);
            started.push(cluster);
            clusters.add(cluster);
        }
        files.write("kubeconfig", SandboxCluster.kubeconfig(clusters, defaultCluster().name()));

        route53 = new Route53Stub().start();
        started.push(route53);
        zones.forEach(zone -> zoneIds.put(zone, route53.createHostedZone(zone)));
        fakeAwsCredentials();

        token = SandboxFiles.newToken();
        files.write("token", token);
        int apiPort = options.apiPort() == 0 || !isFree(options.apiPort()) ? LocalServers.freePort() : options.apiPort();
        apiUrl = "http://127.0.0.1:" + apiPort;
        files.write("url", apiUrl);
        files.write("amqp-uri", "amqp://" + servers.broker().username() + ":" + servers.broker().password() + "@" + servers.broker().host()
                + ":" + servers.broker().port());
        files.write("bus-prefix", options.busPrefix());

        CachingConnectionFactory connections = new CachingConnectionFactory(servers.broker().host(), servers.broker().port());
        connections.setUsername(servers.broker().username());
        connections.setPassword(servers.broker().password());
        started.push(connections::destroy);
        progress = new ProgressPrinter(connections, new BusTopology(options.busPrefix(), BusTopology.DEFAULT_DELIVERY_LIMIT), out,
                event -> ReachLines.afterReady(this, event));
        started.push(progress);

        String sagaStore = SagaDatabase.recreate(servers.postgres(), options.database());
        Applications.Targets targets = new Applications.Targets(servers.broker(), options.busPrefix(), sagaStore, servers.postgres(),
                apiPort, token, List.copyOf(clusters), defaultCluster().name(), route53.endpoint(), zones, dir.resolve("sandbox.log"));
        Applications.startTogether(Applications.of(targets), context -> started.push(context::close));
    }

    /** The spec files' zones and the --zone ones: the Route53 stub's hosted zones. */
    private List<String> zones() {
        Set<String> all = new LinkedHashSet<>(options.zones());
        for (Path file : options.apply()) {
            ValidationResult result = new EnvironmentValidator().validate(read(file));
            if (result.environment() != null && result.environment().spec().dns() != null) {
                all.add(result.environment().spec().dns().zone());
            }
        }
        if (all.isEmpty()) {
            // dns-service needs its allowlist of zones: the examples' zone when nothing else is known
            all.add(DEFAULT_ZONE);
        }
        return new ArrayList<>(all);
    }

    /**
     * What the command does once everything runs: prints the start block (see {@link StartupBlock}),
     * then applies the {@code --apply} files through the API, saying for each whether it was accepted.
     */
    public void announceAndApply(PrintStream out, long startMillis) {
        StartupBlock.print(this, out, startMillis);
        for (Path file : options.apply()) {
            HttpResponse<String> response = apply(file);
            out.println("apply " + file + ": " + (response.statusCode() >= 300 ? "HTTP " + response.statusCode() + " " : "accepted ")
                    + response.body());
        }
    }

    /** Submits a spec file to the orchestrator's API, as {@code envctl apply} or a CI job would. */
    public HttpResponse<String> apply(Path file) {
        return send(HttpRequest.newBuilder(java.net.URI.create(apiUrl + "/api/v1/environments")).header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofByteArray(read(file))));
    }

    /** A request to the orchestrator's API with the sandbox's token, e.g. {@code api("GET", "/api/v1/environments")}. */
    public HttpResponse<String> api(String method, String path) {
        return send(HttpRequest.newBuilder(java.net.URI.create(apiUrl + path)).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public SandboxOptions options() {
        return options;
    }

    public Servers servers() {
        return servers;
    }

    /** The broker behind environments' RabbitmqClusters, and why it is that one. */
    public EnvironmentBroker environmentBroker() {
        return environmentBroker;
    }

    /** The default cluster's API server (stage: where a spec without {@code spec.cluster} goes). */
    public SimulatedCluster cluster() {
        return defaultCluster().api();
    }

    /** The sandbox's clusters, the default one first. */
    public List<SandboxCluster> clusters() {
        return List.copyOf(clusters);
    }

    /** The cluster of that name; an {@link IllegalArgumentException} naming the known ones otherwise. */
    public SandboxCluster cluster(String name) {
        return clusters.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "no cluster '" + name + "' in the sandbox (" + clusters.stream().map(SandboxCluster::name).toList() + ")"));
    }

    private SandboxCluster defaultCluster() {
        return clusters.get(0);
    }

    /** Where the default cluster's environments' servers are (what its simulated operators registered). */
    public FixedEndpoints endpoints() {
        return defaultCluster().endpoints();
    }

    public Route53Stub route53() {
        return route53;
    }

    /** The stub's hosted zones: name to id. */
    public java.util.Map<String, String> hostedZones() {
        return java.util.Map.copyOf(zoneIds);
    }

    public ProgressPrinter progress() {
        return progress;
    }

    public String apiUrl() {
        return apiUrl;
    }

    public Path file(String name) {
        return options.directory().resolve(name);
    }

    @Override
    public void close() {
        started.close();
    }

    /** The AWS SDK of dns-service signs its calls to the stub: any static credentials do, unless real ones are set. */
    private static void fakeAwsCredentials() {
        if (System.getenv("AWS_ACCESS_KEY_ID") == null && System.getProperty("aws.accessKeyId") == null) {
            System.setProperty("aws.accessKeyId", "sandbox");
            System.setProperty("aws.secretAccessKey", "sandbox");
        }
    }

    private static boolean isFree(int port) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
