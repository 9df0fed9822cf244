package io.envsaga.sandbox.apps;

import io.envsaga.cache.CacheServiceApplication;
import io.envsaga.dns.DnsServiceApplication;
import io.envsaga.contracts.events.Step;
import io.envsaga.messaging.MessagingServiceApplication;
import io.envsaga.orchestrator.OrchestratorApplication;
import io.envsaga.sandbox.cluster.SandboxCluster;
import io.envsaga.sandbox.servers.Server;
import io.envsaga.storage.StorageServiceApplication;
import io.envsaga.workload.WorkloadServiceApplication;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The orchestrator and each cluster's step services, with the settings that point them at the sandbox's servers: the only
 * difference from production. Everything else is each application's own {@code application.yaml}.
 */
public final class Applications {

    /**
     * Where the applications are pointed.
     *
     * @param clusters       the clusters: each runs its own step services, pointed at its API server and nodes
     * @param defaultCluster the cluster of a spec that names none
     */
    public record Targets(Server broker, String busPrefix, String sagaStoreUrl, Server postgres, int apiPort, String adminToken,
                          List<SandboxCluster> clusters, String defaultCluster, URI route53, List<String> zones, Path logFile) {
    }

    private Applications() {
    }

    /** In start order: the orchestrator first, then each cluster's step services. */
    public static List<Application> of(Targets t) {
        List<Application> apps = new ArrayList<>();
        Map<String, String> orchestrator = common(t);
        orchestrator.put("server.port", Integer.toString(t.apiPort()));
        orchestrator.put("spring.datasource.url", t.sagaStoreUrl());
        orchestrator.put("spring.datasource.username", t.postgres().username());
        orchestrator.put("spring.datasource.password", t.postgres().password());
        orchestrator.put("ENVSAGA_ADMIN_TOKEN", t.adminToken());
        // every step service here shares the sandbox's broker user, so each cluster's answers are checked against it
        // (the orchestrator's own user, the default): one user per cluster and step is deploy/'s (docs/clusters.md)
        orchestrator.put("envsaga.orchestrator.default-cluster", t.defaultCluster());
        for (int i = 0; i < t.clusters().size(); i++) {
            SandboxCluster cluster = t.clusters().get(i);
            orchestrator.put("envsaga.orchestrator.clusters[" + i + "].name", cluster.name());
            orchestrator.put("envsaga.orchestrator.clusters[" + i + "].steps",
                    String.join(",", cluster.steps().stream().map(Step::id).sorted().toList()));
        }
        apps.add(new Application("orchestrator", OrchestratorApplication.class, orchestrator));
        t.clusters().forEach(cluster -> apps.addAll(stepServices(t, cluster)));
        return apps;
    }

    /** The step services that run on a cluster, each taking that cluster's commands only. */
    private static List<Application> stepServices(Targets t, SandboxCluster cluster) {
        List<Application> apps = new ArrayList<>();
        String suffix = "@" + cluster.name();
        if (cluster.steps().contains(Step.DNS)) {
            Map<String, String> dns = onCluster(common(t), cluster);
            dns.put("envsaga.dns.route53.endpoint", t.route53().toString());
            dns.put("envsaga.dns.nodes.addresses[0]", cluster.nodeAddress());
            for (int i = 0; i < t.zones().size(); i++) {
                dns.put("envsaga.dns.zones[" + i + "]", t.zones().get(i));
            }
            apps.add(new Application("dns-service" + suffix, DnsServiceApplication.class, dns));
        }
        // the Kubernetes-based services reach the servers behind the simulated operators' objects through the cluster's endpoints
        Map<String, Object> endpoints = Map.of("serviceEndpoints", cluster.endpoints());
        record StepService(Step step, String name, Class<?> main) {
        }
        for (StepService service : List.of(new StepService(Step.WORKLOADS, "workload-service", WorkloadServiceApplication.class),
                new StepService(Step.MESSAGING, "messaging-service", MessagingServiceApplication.class),
                new StepService(Step.CACHE, "cache-service", CacheServiceApplication.class),
                new StepService(Step.STORAGE, "storage-service", StorageServiceApplication.class))) {
            if (cluster.steps().contains(service.step())) {
                Map<String, String> properties = onCluster(common(t), cluster);
                properties.put("envsaga.kubernetes.master-url", cluster.api().url());
                apps.add(new Application(service.name() + suffix, service.main(), properties, endpoints));
            }
        }
        return apps;
    }

    private static Map<String, String> onCluster(Map<String, String> properties, SandboxCluster cluster) {
        properties.put("envsaga.participant.cluster", cluster.name());
        return properties;
    }

    private static Map<String, String> common(Targets t) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.rabbitmq.host", t.broker().host());
        properties.put("spring.rabbitmq.port", Integer.toString(t.broker().port()));
        properties.put("spring.rabbitmq.username", t.broker().username());
        properties.put("spring.rabbitmq.password", t.broker().password());
        properties.put("envsaga.bus.prefix", t.busPrefix());
        properties.put("server.address", "127.0.0.1");
        properties.put("server.port", "0");
        properties.put("spring.main.banner-mode", "off");
        return properties;
    }

    /**
     * Starts the applications at the same time (each start is mostly class loading on one
     * thread; together they use every core). Each one that started is handed to {@code started}
     * in the list's order (so that the caller stops them in reverse), also when another failed,
     * whose failure is then thrown.
     */
    public static void startTogether(List<Application> applications, java.util.function.Consumer<ConfigurableApplicationContext> started) {
        java.util.concurrent.ExecutorService starter = java.util.concurrent.Executors.newFixedThreadPool(applications.size());
        try {
            List<java.util.concurrent.Future<ConfigurableApplicationContext>> contexts = new ArrayList<>();
            for (Application application : applications) {
                contexts.add(starter.submit(application::start));
            }
            RuntimeException failure = null;
            for (java.util.concurrent.Future<ConfigurableApplicationContext> context : contexts) {
                try {
                    ConfigurableApplicationContext running = context.get();
                    started.accept(running);
                } catch (java.util.concurrent.ExecutionException e) {
                    failure = failure != null ? failure : new IllegalStateException(e.getCause().getMessage(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure = new IllegalStateException("interrupted while starting", e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            starter.shutdown();
        }
    }
}
