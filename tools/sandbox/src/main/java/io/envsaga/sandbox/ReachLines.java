package io.envsaga.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.envsaga.kubernetes.endpoint.ServiceEndpoints;
import io.envsaga.kubernetes.names.ConnectionNames;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Printed after an environment's READY line: where its RabbitMQ vhost, Redis, databases and
 * buckets answer on this machine (the addresses the simulated operators registered for its
 * Services) and which Secret holds each credential, with the kubectl command that reads one.
 * Never a credential itself.
 */
final class ReachLines {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private ReachLines() {
    }

    /** After an environment's READY line: where it answers (nothing for other events). */
    static List<String> afterReady(Sandbox sandbox, io.envsaga.contracts.events.Event<?> event) {
        if (!(event.data() instanceof io.envsaga.contracts.events.Payloads.EnvironmentReady)) {
            return List.of();
        }
        try {
            java.net.http.HttpResponse<String> response = sandbox.api("GET", "/api/v1/environments/" + event.subject());
            if (response.statusCode() != 200) {
                return List.of();
            }
            JsonNode environment = JSON.readTree(response.body());
            // the servers of its own cluster (the orchestrator stores the cluster it placed the spec on)
            String cluster = environment.path("spec").path("spec").path("cluster").asText(sandbox.clusters().get(0).name());
            return of(environment, sandbox.cluster(cluster).endpoints(), sandbox.file("kubeconfig"), cluster);
        } catch (java.io.IOException | RuntimeException e) {
            return List.of("  (where " + event.subject() + " answers: " + e.getMessage() + ")");
        }
    }

    /**
     * @param environment the orchestrator's view of it ({@code GET /api/v1/environments/<name>})
     * @param endpoints   where its cluster's servers answer
     * @param cluster     its cluster: the kubeconfig's context
     */
    static List<String> of(JsonNode environment, ServiceEndpoints endpoints, Path kubeconfig, String cluster) {
        String env = environment.path("name").asText();
        JsonNode spec = environment.path("spec").path("spec");
        String ns = spec.path("namespace").asText(env);
        List<String> lines = new ArrayList<>();
        if (!spec.path("messaging").isMissingNode() && !spec.path("messaging").isNull()) {
            address(endpoints, ns, ConnectionNames.rabbitmqService(env), ConnectionNames.RABBITMQ_PORT).ifPresent(a -> {
                List<String> secrets = new ArrayList<>();
                spec.path("messaging").path("users").forEach(u -> secrets.add(ConnectionNames.rabbitmqUserSecret(env, u.path("name").asText())));
                lines.add("    RabbitMQ  amqp://" + a + "/" + spec.path("messaging").path("vhost").asText("/")
                        + "  users' credentials: Secrets " + String.join(", ", secrets));
            });
        }
        if (!spec.path("cache").isMissingNode() && !spec.path("cache").isNull()) {
            address(endpoints, ns, ConnectionNames.redis(env), ConnectionNames.REDIS_PORT).ifPresent(a -> lines.add("    Redis     redis://" + a
                    + (spec.path("cache").path("auth").asBoolean() ? "  password: Secret " + ConnectionNames.redisAuthSecret(env) : "")));
        }
        JsonNode storage = spec.path("storage");
        if (storage.path("postgres").isObject()) {
            address(endpoints, ns, ConnectionNames.postgres(env), ConnectionNames.POSTGRES_PORT).ifPresent(a -> {
                List<String> databases = new ArrayList<>();
                storage.path("postgres").path("databases").forEach(d -> databases.add("postgresql://" + a + "/" + d.asText()));
                lines.add("    Postgres  " + String.join(" ", databases) + "  user and password: Secret "
                        + ConnectionNames.postgresCredentialsSecret(env));
            });
        }
        if (storage.path("minio").isObject()) {
            address(endpoints, ns, ConnectionNames.minioService(), ConnectionNames.MINIO_PORT).ifPresent(a -> {
                List<String> buckets = new ArrayList<>();
                storage.path("minio").path("buckets").forEach(b -> buckets.add(b.asText()));
                lines.add("    MinIO     http://" + a + "  buckets " + String.join(", ", buckets) + "  keys (accessKey, secretKey): Secret "
                        + ConnectionNames.minioCredentialsSecret(env));
            });
        }
        if (!lines.isEmpty()) {
            lines.add(0, "  " + env + " answers on this machine (a Secret's key: kubectl --kubeconfig " + kubeconfig + " --context "
                    + cluster + " get secret NAME -n "
                    + ns + " -o jsonpath='{.data.password}' | base64 -d):");
        }
        return lines;
    }

    private static java.util.Optional<String> address(ServiceEndpoints endpoints, String ns, String service, int port) {
        try {
            InetSocketAddress address = endpoints.resolve(ns, service, port);
            return java.util.Optional.of(address.getHostString() + ":" + address.getPort());
        } catch (IllegalStateException notRegistered) {
            return java.util.Optional.empty();
        }
    }
}
