package io.envsaga.envctl;

import io.envsaga.orchestrator.OrchestratorApplication;
import io.envsaga.testsupport.services.PostgresExtension;
import io.envsaga.testsupport.services.RabbitMqExtension;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The orchestrator in this JVM, against a test class's broker and database: what envctl talks to in the tests. */
final class InProcessOrchestrator implements AutoCloseable {

    static final String ADMIN_TOKEN = "envctl-tests-admin-token";

    private final ConfigurableApplicationContext context;

    InProcessOrchestrator(RabbitMqExtension rabbit, PostgresExtension postgres, Map<String, String> overrides) {
        Map<String, String> properties = new LinkedHashMap<>(rabbit.springProperties());
        properties.putAll(postgres.springProperties());
        properties.putAll(Map.of("server.port", "0", "spring.main.banner-mode", "off", "ENVSAGA_ADMIN_TOKEN", ADMIN_TOKEN,
                "envsaga.orchestrator.deadlines.default-deadline", "60s", "envsaga.orchestrator.deadlines.sweep", "200ms",
                "envsaga.orchestrator.outbox.resubmit-after", "1s", "envsaga.orchestrator.outbox.resubmit-interval", "500ms"));
        properties.putAll(overrides);
        List<String> args = new ArrayList<>();
        properties.forEach((k, v) -> args.add("--" + k + "=" + v));
        context = new SpringApplicationBuilder(OrchestratorApplication.class).run(args.toArray(String[]::new));
    }

    String url() {
        return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    @Override
    public void close() {
        context.close();
    }
}
