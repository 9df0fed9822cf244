package io.envsaga.envctl;

import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Payloads;
import io.envsaga.contracts.events.Step;
import io.envsaga.orchestrator.OrchestratorApplication;
import io.envsaga.simulation.bus.ScriptedStepServices;
import io.envsaga.simulation.bus.ScriptedStepServices.Answer;
import io.envsaga.testsupport.services.PostgresExtension;
import io.envsaga.testsupport.services.RabbitMqExtension;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One orchestrator in this JVM for every envctl test class (starting one costs a minute on a
 * loaded machine), with its own broker prefix and database, two clusters ({@code default} and
 * {@code stage}, each with five scripted step services) and a GitHub OIDC stand-in. What a step does depends on the environment's name:
 * {@code fail-*} fails its workloads step, {@code hang-*} never answers it, {@code held-*} holds the
 * answer until {@link ScriptedStepServices#releaseHeld()}; {@code codedang-pr-*} reports the
 * ingress URL as workload-service does.
 */
final class SharedOrchestrator implements BeforeAllCallback {

    static final String ADMIN_TOKEN = "envctl-tests-admin-token";
    static final String IMAGE = "ghcr.io/skkuding/codedang-frontend:v1";

    private static volatile Resources resources;

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Resources.class, key -> start(context), Resources.class);
    }

    static Resources get() {
        return resources;
    }

    private static Resources start(ExtensionContext context) {
        try {
            resources = new Resources(context);
            return resources;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the orchestrator for envctl's tests", e);
        }
    }

    static final class Resources implements AutoCloseable {
        final RabbitMqExtension rabbit = new RabbitMqExtension();
        final PostgresExtension postgres = new PostgresExtension();
        final GithubOidcStub oidc;
        final ScriptedStepServices steps;
        /** The step services of the cluster 'stage': every step succeeds. */
        final ScriptedStepServices stage;
        private final ConfigurableApplicationContext orchestrator;

        Resources(ExtensionContext context) throws Exception {
            rabbit.start("envctl");
            postgres.beforeAll(context);
            oidc = new GithubOidcStub();
            Map<String, String> properties = new LinkedHashMap<>(rabbit.springProperties());
            properties.putAll(postgres.springProperties());
            properties.putAll(Map.ofEntries(Map.entry("server.port", "0"), Map.entry("spring.main.banner-mode", "off"),
                    Map.entry("ENVSAGA_ADMIN_TOKEN", ADMIN_TOKEN),
                    Map.entry("envsaga.orchestrator.deadlines.default-deadline", "5m"), // far from what a busy machine makes slow
                    Map.entry("envsaga.orchestrator.deadlines.sweep", "200ms"),
                    // a stream whose client went away is found on the next heartbeat
                    Map.entry("envsaga.orchestrator.events.heartbeat", "200ms"),
                    Map.entry("envsaga.orchestrator.outbox.max-backoff", "1s"),
                    // two clusters (issue 27): 'default', what has no spec.cluster lives on, and 'stage'
                    Map.entry("envsaga.orchestrator.clusters[0].name", "default"),
                    Map.entry("envsaga.orchestrator.clusters[1].name", "stage"),
                    Map.entry("envsaga.orchestrator.default-cluster", "default"),
                    Map.entry("envsaga.orchestrator.intake.submitters[0].user", rabbit.endpoint().username()),
                    Map.entry("envsaga.orchestrator.intake.submitters[0].environments[0]", "published-*"),
                    Map.entry("envsaga.orchestrator.intake.submitters[0].environments[1]", "fail-published-*"),
                    Map.entry("envsaga.orchestrator.intake.submitters[0].hosts[0]", "*.preview.codedang.com"),
                    Map.entry("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", oidc.jwksUri()),
                    Map.entry("spring.security.oauth2.resourceserver.jwt.issuer-uri", GithubOidcStub.ISSUER),
                    // the audience the preview workflow asks its token for (a JWT without it is refused)
                    Map.entry("spring.security.oauth2.resourceserver.jwt.audiences", "envsaga"),
                    Map.entry("envsaga.orchestrator.security.jwt[0].hosts[0]", "*.preview.codedang.com"),
                    Map.entry("envsaga.orchestrator.security.jwt[0].claims.repository", GithubOidcStub.REPOSITORY),
                    Map.entry("envsaga.orchestrator.security.jwt[0].environments[0]", "codedang-pr-*"),
                    Map.entry("envsaga.orchestrator.security.jwt[0].actions", "read,apply,delete")));
            List<String> args = new ArrayList<>();
            properties.forEach((k, v) -> args.add("--" + k + "=" + v));
            orchestrator = new SpringApplicationBuilder(OrchestratorApplication.class).run(args.toArray(String[]::new));
            steps = new ScriptedStepServices(rabbit.connectionFactory(), rabbit.topology());
            steps.script(SharedOrchestrator::answer);
            stage = new ScriptedStepServices(step -> rabbit.connectionFactory(), rabbit.topology(), EnumSet.allOf(Step.class), "stage");
        }

        /** Event streams the orchestrator holds open now. */
        int openStreams() {
            return orchestrator.getBean(io.envsaga.orchestrator.api.EnvironmentEvents.class).open();
        }

        String url() {
            return "http://127.0.0.1:" + orchestrator.getEnvironment().getProperty("local.server.port");
        }

        /** The broker as CI sees it: the test broker's user, who may submit published-* and fail-published-* only. */
        String amqpUri(String password) {
            return "amqp://" + ciUser() + ":" + password + "@" + rabbit.endpoint().host() + ":" + rabbit.endpoint().port() + "/%2F";
        }

        String amqpUri() {
            return amqpUri(rabbit.endpoint().password());
        }

        String ciUser() {
            return rabbit.endpoint().username();
        }

        @Override
        public void close() throws Exception {
            steps.close();
            stage.close();
            orchestrator.close();
            oidc.close();
            rabbit.afterAll(null);
            postgres.afterAll(null);
        }
    }

    private static Answer answer(Step step, io.envsaga.contracts.events.Event<?> command) {
        String name = command.subject();
        if (command.type() != EventType.ENVIRONMENT_REQUESTED || step != Step.WORKLOADS) {
            return Answer.succeed();
        }
        if (name.startsWith("fail-")) {
            return Answer.fail("frontend: ImagePullBackOff for " + IMAGE);
        }
        if (name.startsWith("hang-")) {
            return Answer.hang();
        }
        if (name.startsWith("held-")) {
            return Answer.hold();
        }
        var spec = ((Payloads.EnvironmentRequested) command.data()).spec().spec();
        if (spec.ingress() != null) {
            // what workload-service reports: the address of the ingress
            return Answer.succeedWith(Map.of("url", (spec.ingress().tls() != null ? "https://" : "http://") + spec.ingress().host(),
                    "namespace", name));
        }
        return Answer.succeed();
    }
}
