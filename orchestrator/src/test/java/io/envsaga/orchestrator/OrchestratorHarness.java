package io.envsaga.orchestrator;

import io.envsaga.testsupport.services.PostgresExtension;
import io.envsaga.testsupport.services.RabbitMqExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the orchestrator against a test class's broker and database, and talks to its API. */
final class OrchestratorHarness {

    static final String ADMIN_TOKEN = "admin-token-for-tests";

    private final RabbitMqExtension rabbit;
    private final PostgresExtension postgres;
    private final HttpClient http = HttpClient.newHttpClient();
    private ConfigurableApplicationContext context;

    OrchestratorHarness(RabbitMqExtension rabbit, PostgresExtension postgres) {
        this.rabbit = rabbit;
        this.postgres = postgres;
    }

    ConfigurableApplicationContext start(Map<String, String> overrides) {
        return start(overrides, List.of());
    }

    /** With initializers of the application context, e.g. a {@code SpanRecorder}'s. */
    ConfigurableApplicationContext start(Map<String, String> overrides,
                                         List<org.springframework.context.ApplicationContextInitializer<ConfigurableApplicationContext>> initializers) {
        Map<String, String> properties = new java.util.LinkedHashMap<>(rabbit.springProperties());
        properties.putAll(postgres.springProperties());
        properties.putAll(Map.of("server.port", "0", "spring.main.banner-mode", "off", "ENVSAGA_ADMIN_TOKEN", ADMIN_TOKEN,
                // deadlines far from anything a busy machine makes slow; a test of a deadline sets its own (SagaFlowIT)
                "envsaga.orchestrator.deadlines.default-deadline", "5m", "envsaga.orchestrator.deadlines.steps.cache", "5m",
                "envsaga.orchestrator.deadlines.sweep", "200ms", "envsaga.orchestrator.outbox.max-backoff", "1s"));
        properties.putAll(overrides);
        List<String> args = new ArrayList<>();
        properties.forEach((k, v) -> args.add("--" + k + "=" + v));
        context = new SpringApplicationBuilder(OrchestratorApplication.class)
                .initializers(initializers.toArray(org.springframework.context.ApplicationContextInitializer[]::new))
                .run(args.toArray(String[]::new));
        return context;
    }

    ConfigurableApplicationContext start() {
        return start(Map.of());
    }

    void stop() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    ConfigurableApplicationContext context() {
        return context;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    HttpResponse<String> send(String method, String path, String token, String contentType, byte[] body) {
        return send(method, path, token, contentType, body, List.of());
    }

    /** With extra headers, as name and value in turn (a name twice sends it twice). */
    HttpResponse<String> send(String method, String path, String token, String contentType, byte[] body, List<String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i + 1 < headers.size(); i += 2) {
            request.header(headers.get(i), headers.get(i + 1));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> submit(String yaml) {
        return send("POST", "/api/v1/environments", ADMIN_TOKEN, "application/yaml", yaml.getBytes());
    }

    HttpResponse<String> get(String path) {
        return send("GET", path, ADMIN_TOKEN, null, null);
    }

    static String spec(String name, String image) {
        return io.envsaga.simulation.specs.TestSpecs.previewYaml(name, image);
    }
}
