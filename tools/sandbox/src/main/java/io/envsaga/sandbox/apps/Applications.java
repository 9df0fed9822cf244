package io.envsaga.sandbox.apps;

import io.envsaga.cache.CacheServiceApplication;
import io.envsaga.dns.DnsServiceApplication;
import io.envsaga.kubernetes.endpoint.ServiceEndpoints;
import io.envsaga.messaging.MessagingServiceApplication;
import io.envsaga.orchestrator.OrchestratorApplication;
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
 * The six applications with the settings that point them at the sandbox's servers: the only
 * difference from production. Everything else is each application's own {@code application.yaml}.
 */
public final class Applications {

    /** Where the applications are pointed. */
    public record Targets(Server broker, String busPrefix, String sagaStoreUrl, Server postgres, int apiPort, String adminToken,
                          String kubernetesUrl, ServiceEndpoints endpoints, URI route53, List<String> zones, Path logFile) {
    }

    private Applications() {
    }

    /** In start order: the orchestrator first, then the five step services. */
    public static List<Application> of(Targets t) {
        List<Application> apps = new ArrayList<>();
        Map<String, String> orchestrator = common(t);
        orchestrator.put("server.port", Integer.toString(t.apiPort()));
        orchestrator.put("spring.datasource.url", t.sagaStoreUrl());
        orchestrator.put("spring.datasource.username", t.postgres().username());
        orchestrator.put("spring.datasource.password", t.postgres().password());
        orchestrator.put("ENVSAGA_ADMIN_TOKEN", t.adminToken());
        apps.add(new Application("orchestrator", OrchestratorApplication.class, orchestrator));

        Map<String, String> dns = common(t);
        dns.put("envsaga.dns.route53.endpoint", t.route53().toString());
        dns.put("envsaga.dns.nodes.addresses[0]", "127.0.0.1");
        for (int i = 0; i < t.zones().size(); i++) {
            dns.put("envsaga.dns.zones[" + i + "]", t.zones().get(i));
        }
        apps.add(new Application("dns-service", DnsServiceApplication.class, dns));

        // the Kubernetes-based services reach the servers behind the simulated operators' objects through the sandbox's endpoints
        Map<String, Object> endpoints = Map.of("serviceEndpoints", t.endpoints());
        apps.add(new Application("workload-service", WorkloadServiceApplication.class, kubernetes(t), endpoints));
        apps.add(new Application("messaging-service", MessagingServiceApplication.class, kubernetes(t), endpoints));
        apps.add(new Application("cache-service", CacheServiceApplication.class, kubernetes(t), endpoints));
        apps.add(new Application("storage-service", StorageServiceApplication.class, kubernetes(t), endpoints));
        return apps;
    }

    private static Map<String, String> kubernetes(Targets t) {
        Map<String, String> properties = common(t);
        properties.put("envsaga.kubernetes.master-url", t.kubernetesUrl());
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
