package io.envsaga.chaos;

import io.envsaga.contracts.bus.BusTopology;
import io.envsaga.contracts.events.ClusterRoute;
import io.envsaga.contracts.events.Step;
import io.envsaga.testsupport.bus.TcpProxy;
import io.envsaga.testsupport.kubernetes.KubernetesTestCluster;
import io.envsaga.simulation.kubernetes.SimulatedKubelet;
import io.envsaga.simulation.route53.Route53Stub;
import io.envsaga.testsupport.services.PostgresExtension;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Exchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Everything the chaos suite runs: its own RabbitMQ node, the saga store's PostgreSQL database
 * behind a {@link TcpProxy} (to cut or stall it under the orchestrator), the mock Kubernetes API
 * with a {@link SimulatedKubelet}, the Route53 stub, and the orchestrator and the five step
 * services as processes ({@code java -jar}), plus a standby workload-service.
 *
 * <p>The orchestrator knows two clusters (docs/clusters.md): {@code default}, whose step services
 * are the ones above (today's queue names, the suite's own broker user), and {@code production},
 * which runs every step but storage, as Codedang's does. Production's four step services are
 * processes of their own, each with a broker user of its own, started only by the scenario that
 * needs them ({@link #startProduction}). Both clusters' step services share the one mock Kubernetes
 * API and the one Route53 zone; production's dns-service points its hosts at a node address of its
 * own and owns its records under an owner id of its own.
 */
final class ChaosSystem implements AutoCloseable {

    static final String PREFIX = "chaos";
    static final String ZONE = "codedang.com";
    /** A quorum queue of the suite's own bound to everything on both exchanges: what the audit must hold. */
    static final String TAP = "chaos-suite.tap";
    static final Duration START = Duration.ofMinutes(5); // a bound on a failure, not a target: seven JVMs start at once on two cores
    /** The second cluster; the suite's step services are the cluster {@code default}'s. */
    static final String PRODUCTION = "production";
    /** The steps production runs: PostgreSQL lives outside Codedang's production cluster. */
    static final List<Step> PRODUCTION_STEPS = List.of(Step.DNS, Step.WORKLOADS, Step.MESSAGING, Step.CACHE);
    /** The node address each cluster's dns-service points its hosts at. */
    static final Map<String, String> NODES = Map.of(ClusterRoute.DEFAULT, "127.0.0.1", PRODUCTION, "127.0.0.2");

    final Path work;
    final RabbitNode broker;
    final TcpProxy database;
    final PostgresExtension postgres;
    final KubernetesTestCluster cluster = new KubernetesTestCluster();
    final Route53Stub route53 = new Route53Stub();
    /** The step services reach the Kubernetes API and Route53 through these, so that a scenario can stall them. */
    TcpProxy kubernetesApi;
    TcpProxy route53Api;
    final BusTopology topology = new BusTopology(PREFIX, BusTopology.DEFAULT_DELIVERY_LIMIT);
    final String token = UUID.randomUUID().toString();
    final List<JavaApp> orchestrators = new java.util.concurrent.CopyOnWriteArrayList<>();
    final Map<String, JavaApp> services = new LinkedHashMap<>();
    /** Production's step services, once {@link #startProduction} created them: not in {@link #services}, which every scenario awaits. */
    final List<JavaApp> production = new ArrayList<>();
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private SimulatedKubelet kubelet;
    private CachingConnectionFactory connections;
    private RabbitTemplate template;

    ChaosSystem(Path work, PostgresExtension postgres) throws Exception {
        this.work = work;
        this.postgres = postgres;
        deleteTree(work); // what an interrupted run left
        Files.createDirectories(work.resolve("logs"));
        this.broker = new RabbitNode(work.resolve("rabbitmq"));
        this.database = new TcpProxy(PostgresExtension.server().host(), PostgresExtension.server().port());
    }

    void start(Duration slowRollout) throws Exception {
        // a run stopped from outside (Ctrl-C, SIGTERM to the test JVM) leaves no process and no node behind
        Thread hook = new Thread(this::close, "chaos-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        started.push(() -> removeHook(hook));
        started.push(database);
        broker.start();
        started.push(broker);
        connections = new CachingConnectionFactory("127.0.0.1", broker.amqpPort());
        connections.setUsername("guest");
        connections.setPassword("guest");
        started.push(connections::destroy);
        template = new RabbitTemplate(connections);
        declareTap();

        cluster.start(0);
        started.push(cluster::stop);
        kubernetesApi = new TcpProxy("127.0.0.1", URI.create(cluster.url()).getPort());
        started.push(kubernetesApi);
        kubelet = new SimulatedKubelet(cluster.client(), slowRollout);
        started.push(kubelet);
        route53.start();
        started.push(route53);
        route53.createHostedZone(ZONE);
        route53Api = new TcpProxy("127.0.0.1", route53.endpoint().getPort());
        started.push(route53Api);

        JavaApp orchestrator = newOrchestrator("orchestrator");
        List<JavaApp> all = new ArrayList<>(List.of(orchestrator));
        Map<String, Step> steps = new LinkedHashMap<>();
        for (Step step : Step.values()) {
            steps.put(moduleOf(step), step);
        }
        steps.put("workload-service-standby", Step.WORKLOADS);
        steps.forEach((name, step) -> {
            JavaApp app = stepService(name, step, ClusterRoute.DEFAULT, brokerArguments());
            services.put(name, app);
            all.add(app);
        });
        // the active workload-service first: single active consumer gives its queue to the first that subscribes
        for (JavaApp app : all) {
            app.start();
            if (app.name().equals("workload-service")) {
                app.awaitHealthy(START);
            }
        }
        for (JavaApp app : all) {
            app.awaitHealthy(START);
        }
    }

    /** A new orchestrator process on the same database and broker (not started). */
    JavaApp newOrchestrator(String name) {
        List<String> arguments = new ArrayList<>(brokerArguments());
        arguments.addAll(List.of(
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + database.port() + "/" + postgres.database(),
                "--spring.datasource.username=" + postgres.username(), "--spring.datasource.password=" + postgres.password(),
                "--envsaga.orchestrator.deadlines.default-deadline=4m",
                // the suite's intake submitter (the broker user it publishes as) may apply its previews, on both clusters
                "--envsaga.orchestrator.intake.submitters[0].user=" + Intake.USER,
                "--envsaga.orchestrator.intake.submitters[0].environments[0]=*",
                "--envsaga.orchestrator.intake.submitters[0].hosts[0]=*.preview." + ZONE,
                "--envsaga.orchestrator.intake.submitters[0].clusters[0]=*"));
        arguments.addAll(clusterArguments());
        JavaApp app = new JavaApp(name, "orchestrator", arguments, Map.of("ENVSAGA_ADMIN_TOKEN", token), work.resolve("logs"));
        orchestrators.add(app);
        started.push(app);
        return app;
    }

    /**
     * The clusters: {@code default} with every step, whose step services share the orchestrator's
     * broker user (so no step-users: an answer counts from the orchestrator's own user), and
     * production without storage, each step's answers counting only from its own broker user.
     */
    private static List<String> clusterArguments() {
        List<String> arguments = new ArrayList<>(List.of("--envsaga.orchestrator.default-cluster=" + ClusterRoute.DEFAULT,
                "--envsaga.orchestrator.clusters[0].name=" + ClusterRoute.DEFAULT,
                "--envsaga.orchestrator.clusters[1].name=" + PRODUCTION,
                "--envsaga.orchestrator.clusters[1].steps=" + String.join(",", PRODUCTION_STEPS.stream().map(Step::id).toList())));
        for (Step step : PRODUCTION_STEPS) {
            arguments.add("--envsaga.orchestrator.clusters[1].step-users." + step.id() + "=" + brokerUser(step, PRODUCTION));
        }
        return arguments;
    }

    /** The broker user of a step's service on production: {@code chaos-dns-production}; its password is its name. */
    static String brokerUser(Step step, String cluster) {
        return PREFIX + "-" + step.id() + "-" + cluster;
    }

    /**
     * Starts production's four step services (once; again after a kill with {@link JavaApp#start})
     * and waits until they are healthy. Each connects as its own broker user, created here.
     */
    List<JavaApp> startProduction() throws Exception {
        if (production.isEmpty()) {
            for (Step step : PRODUCTION_STEPS) {
                String user = brokerUser(step, PRODUCTION);
                broker.addUser(user);
                List<String> broker = List.of("--spring.rabbitmq.host=127.0.0.1", "--spring.rabbitmq.port=" + this.broker.amqpPort(),
                        "--spring.rabbitmq.username=" + user, "--spring.rabbitmq.password=" + user, "--envsaga.bus.prefix=" + PREFIX,
                        "--envsaga.participant.cluster=" + PRODUCTION);
                production.add(stepService(moduleOf(step) + "-" + PRODUCTION, step, PRODUCTION, broker));
            }
        }
        for (JavaApp app : production) {
            if (!app.alive()) {
                app.start();
            }
        }
        for (JavaApp app : production) {
            app.awaitHealthy(START);
        }
        return production;
    }

    private static String moduleOf(Step step) {
        return (step == Step.WORKLOADS ? "workload" : step.id()) + "-service";
    }

    /** A step service of {@code cluster} as a process (not started): its module's jar, the mock servers as its providers. */
    private JavaApp stepService(String name, Step step, String cluster, List<String> brokerArguments) {
        List<String> arguments = new ArrayList<>(brokerArguments);
        if (step == Step.DNS) {
            arguments.addAll(List.of("--envsaga.dns.zones=" + ZONE, "--envsaga.dns.nodes.addresses=" + NODES.get(cluster),
                    "--envsaga.dns.route53.endpoint=http://127.0.0.1:" + route53Api.port()));
            // no envsaga.dns.owner-id: both clusters' dns-services manage the one zone, each under the default owner id of
            // its cluster (DnsConfiguration.ownerId); the scenario's re-check of the other cluster's A records after
            // production's dns-service restarts (and resyncs) shows the default keeps them apart
        } else {
            arguments.addAll(List.of("--envsaga.kubernetes.master-url=http://127.0.0.1:" + kubernetesApi.port(),
                    "--envsaga.kubernetes.ready-timeout=2m"));
        }
        // the AWS SDK signs its calls to the stub: any static credentials do
        JavaApp app = new JavaApp(name, moduleOf(step), arguments,
                Map.of("AWS_ACCESS_KEY_ID", "chaos", "AWS_SECRET_ACCESS_KEY", "chaos", "AWS_REGION", "us-east-1"), work.resolve("logs"));
        started.push(app);
        return app;
    }

    private List<String> brokerArguments() {
        return List.of("--spring.rabbitmq.host=127.0.0.1", "--spring.rabbitmq.port=" + broker.amqpPort(),
                "--spring.rabbitmq.username=guest", "--spring.rabbitmq.password=guest", "--envsaga.bus.prefix=" + PREFIX);
    }

    private void declareTap() {
        RabbitAdmin admin = new RabbitAdmin(connections);
        for (Declarable declarable : topology.exchanges().getDeclarables()) {
            if (declarable instanceof Exchange exchange) {
                admin.declareExchange(exchange);
            }
        }
        Queue tap = QueueBuilder.durable(TAP).quorum().build();
        admin.declareQueue(tap);
        admin.declareBinding(bind(tap, topology.intakeExchange()));
        admin.declareBinding(bind(tap, topology.eventsExchange()));
    }

    static Binding bind(Queue queue, String exchange) {
        return BindingBuilder.bind(queue).to(new TopicExchange(exchange)).with("#");
    }

    JavaApp service(String name) {
        return services.get(name);
    }

    CachingConnectionFactory connections() {
        return connections;
    }

    RabbitTemplate template() {
        return template;
    }

    KubernetesTestCluster cluster() {
        return cluster;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook is what runs this
        }
    }

    static void deleteTree(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                System.err.println("while stopping the chaos system: " + e);
            }
        }
    }
}
