package io.envsaga.orchestrator;

import static io.envsaga.testsupport.bus.BusProbe.ofType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventCodec;
import io.envsaga.contracts.events.EventHeaders;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Payloads;
import io.envsaga.contracts.events.Step;
import io.envsaga.contracts.spec.SpecMapper;
import io.envsaga.orchestrator.api.EnvironmentEvents;
import io.envsaga.orchestrator.retention.RetentionPurge;
import io.envsaga.testsupport.bus.BusProbe;
import io.envsaga.simulation.bus.ScriptedStepServices;
import io.envsaga.testsupport.services.BrokerDefinitions;
import io.envsaga.testsupport.services.PostgresExtension;
import io.envsaga.testsupport.services.RabbitMqExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The attacks of issue 11, each made exactly as the attacker made it, against an orchestrator
 * whose broker users and permissions are those of deploy/rabbitmq/definitions.json: the
 * orchestrator, each step and the CI each connect as their own restricted user.
 */
class TenancyAttacksIT {

    @RegisterExtension
    static final RabbitMqExtension rabbit = new RabbitMqExtension();
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    static final String PREVIEW_TOKEN = "preview-only-ci-token";
    static OrchestratorHarness orchestrator;
    static ScriptedStepServices steps;
    static BrokerDefinitions users;
    static JwtFixture jwt;
    static final List<CachingConnectionFactory> factories = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        users = BrokerDefinitions.apply(rabbit);
        orchestrator = new OrchestratorHarness(rabbit, postgres);
        Map<String, String> config = new java.util.LinkedHashMap<>(Map.ofEntries(
                Map.entry("spring.rabbitmq.username", users.user("envsaga-orchestrator")),
                Map.entry("spring.rabbitmq.password", BrokerDefinitions.PASSWORD),
                Map.entry("envsaga.orchestrator.security.tokens[0].name", "preview-ci"),
                Map.entry("envsaga.orchestrator.security.tokens[0].sha256", JwtFixture.sha256(PREVIEW_TOKEN)),
                Map.entry("envsaga.orchestrator.security.tokens[0].environments[0]", "codedang-pr-*"),
                Map.entry("envsaga.orchestrator.security.tokens[0].actions", "read,apply"),
                Map.entry("envsaga.orchestrator.security.tokens[0].hosts[0]", "*.preview.codedang.com"),
                Map.entry("envsaga.orchestrator.intake.submitters[0].user", users.user("ci-codedang")),
                Map.entry("envsaga.orchestrator.intake.submitters[0].environments[0]", "codedang-pr-*"),
                Map.entry("envsaga.orchestrator.intake.submitters[0].hosts[0]", "*.preview.codedang.com"),
                Map.entry("envsaga.orchestrator.events.heartbeat", "200ms"),
                Map.entry("envsaga.orchestrator.events.max-streams-per-identity", "3"),
                Map.entry("envsaga.orchestrator.retention.audit", "1d")));
        for (Step step : Step.values()) {
            config.put("envsaga.orchestrator.step-users." + step.id(), users.user("envsaga-" + step.id()));
        }
        jwt = JwtFixture.start();
        config.putAll(jwt.springProperties());
        config.put("envsaga.orchestrator.security.jwt[0].claims.repository_id", "72866112");
        config.put("envsaga.orchestrator.security.jwt[0].claims.ref", "refs/pull/*/merge");
        config.put("envsaga.orchestrator.security.jwt[0].environments[0]", "codedang-pr-*");
        config.put("envsaga.orchestrator.security.jwt[0].actions", "read,apply,delete");
        config.put("envsaga.orchestrator.security.jwt[0].hosts[0]", "*.preview.codedang.com");
        orchestrator.start(config);
        steps = new ScriptedStepServices(step -> factory(users.user("envsaga-" + step.id())), rabbit.topology());
    }

    @AfterAll
    static void stop() {
        steps.close();
        orchestrator.stop();
        jwt.stop();
        factories.forEach(CachingConnectionFactory::destroy);
    }

    // attack 1: a preview token puts a privileged pod into production's namespace
    @Test
    void aPreviewTokenCannotPlaceAPrivilegedWorkloadInProductionsNamespace() {
        String spec = """
                apiVersion: envsaga.io/v1
                kind: Environment
                metadata: { name: codedang-pr-1 }
                spec:
                  tier: preview
                  namespace: codedang-production
                  dns: { zone: codedang.com, hosts: [1.preview.codedang.com] }
                  workloads:
                    - { name: miner, image: 'ghcr.io/evil/miner:1', privileged: true }
                """;

        HttpResponse<String> response = post(PREVIEW_TOKEN, spec);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("use namespace 'codedang-production' (spec.namespace)")
                .contains("run workload 'miner' privileged (spec.workloads[0].privileged)");
        assertThat(orchestrator.get("/api/v1/environments/codedang-pr-1").statusCode()).isEqualTo(404);
        // its own namespace and no privilege: the same token may
        assertThat(post(PREVIEW_TOKEN, spec.replace("  namespace: codedang-production\n", "").replace("privileged: true", "port: 80"))
                .statusCode()).isEqualTo(202);
    }

    // attack 2: another environment's host served by the attacker's pods
    @Test
    void anotherEnvironmentsHostCannotBeServed() {
        String unclaimed = """
                apiVersion: envsaga.io/v1
                kind: Environment
                metadata: { name: codedang-pr-2 }
                spec:
                  tier: preview
                  ingress: { host: codedang.com, routes: [{ path: /api/auth/login, workload: phish }] }
                  workloads:
                    - { name: phish, image: 'ghcr.io/evil/phish:1', port: 80 }
                """;
        String claimed = unclaimed.replace("  ingress:", "  dns: { zone: codedang.com, hosts: [codedang.com], records: false }\n  ingress:");

        HttpResponse<String> withoutClaim = post(PREVIEW_TOKEN, unclaimed);
        HttpResponse<String> outsideGrant = post(PREVIEW_TOKEN, claimed);
        assertThat(orchestrator.submit(claimed.replace("codedang-pr-2", "codedang-production")).statusCode()).isEqualTo(202);
        HttpResponse<String> taken = orchestrator.submit(claimed);

        assertThat(withoutClaim.statusCode()).isEqualTo(400);
        assertThat(withoutClaim.body()).contains("spec.ingress.host").contains("only the hosts it claims");
        assertThat(outsideGrant.statusCode()).isEqualTo(403);
        assertThat(outsideGrant.body()).contains("claim host 'codedang.com' (spec.dns.hosts[0])");
        assertThat(taken.statusCode()).as("even the admin cannot take a live environment's host").isEqualTo(409);
        assertThat(taken.body()).contains("host 'codedang.com' (spec.dns.hosts[0]) is claimed by environment 'codedang-production'");

        try (BusProbe probe = rabbit.probe()) {
            orchestrator.send("DELETE", "/api/v1/environments/codedang-production", OrchestratorHarness.ADMIN_TOKEN, null, null);
            probe.await(ofType(EventType.ENVIRONMENT_DELETED, "codedang-production"), Duration.ofMinutes(2));
        }
        assertThat(orchestrator.submit(claimed).statusCode()).as("a deleted environment's claims are free").isEqualTo(202);
    }

    // removing is deleting
    @Test
    void removingPartsOfALiveEnvironmentNeedsTheDeleteRight() throws Exception {
        String two = preview("codedang-pr-10", "    - { name: api, image: 'ghcr.io/skkuding/codedang-client-api:1', port: 4000 }\n");
        assertThat(post(PREVIEW_TOKEN, two).statusCode()).isEqualTo(202);

        HttpResponse<String> removing = post(PREVIEW_TOKEN, preview("codedang-pr-10", ""));
        HttpResponse<String> withDelete = orchestrator.send("POST", "/api/v1/environments",
                jwt.token(Map.of("repository_id", "72866112", "ref", "refs/pull/10/merge"), "envsaga"), "application/yaml",
                preview("codedang-pr-10", "").getBytes());

        assertThat(removing.statusCode()).isEqualTo(403);
        assertThat(removing.body()).contains("may not delete, and this spec would remove from environment 'codedang-pr-10': workload 'api'");
        assertThat(withDelete.statusCode()).isEqualTo(202);
    }

    // attack 3: a header that does not parse made the audit insert fail
    @Test
    void anIntakeMessageWithANonNumericGenerationIsInTheHistoryWithItsRawHeader() {
        publishToIntake(users.user("ci-codedang"), preview("codedang-pr-3", ""), Map.of(EventHeaders.GENERATION, "abc"), null);

        JsonNode history = await().atMost(Duration.ofMinutes(2)).until(() -> history("codedang-pr-3"),
                h -> h.valueStream().anyMatch(r -> r.get("exchange").asString().endsWith(".intake")));

        JsonNode intake = history.valueStream().filter(r -> r.get("exchange").asString().endsWith(".intake")).findFirst().orElseThrow();
        assertThat(intake.get("headers").get(EventHeaders.GENERATION).asString()).isEqualTo("abc");
        assertThat(intake.get("generation").isNull()).isTrue();
        assertThat(intake.get("userId").asString()).isEqualTo(users.user("ci-codedang"));
        await().atMost(Duration.ofMinutes(2)).until(() -> orchestrator.get("/api/v1/environments/codedang-pr-3").statusCode() == 200);
    }

    // attack 4: a subject header chosen by the submitter filed the submission in another environment's history
    @Test
    void anIntakeSubmissionIsFiledUnderItsSpecsNameWhateverItsSubjectHeader() {
        publishToIntake(users.user("ci-codedang"), preview("codedang-pr-4", ""), Map.of(EventHeaders.SUBJECT, "codedang-stage"), null);

        JsonNode history = await().atMost(Duration.ofMinutes(2)).until(() -> history("codedang-pr-4"),
                h -> h.valueStream().anyMatch(r -> r.get("exchange").asString().endsWith(".intake")));

        JsonNode intake = history.valueStream().filter(r -> r.get("exchange").asString().endsWith(".intake")).findFirst().orElseThrow();
        assertThat(intake.get("subject").asString()).isEqualTo("codedang-pr-4");
        assertThat(intake.get("headers").get(EventHeaders.SUBJECT).asString()).as("kept as given").isEqualTo("codedang-stage");
        assertThat(history("codedang-stage").size()).isZero();
    }

    // attack 5: reply_to made the orchestrator write into any queue with its own rights
    @Test
    void repliesGoOnlyToTheSubmittersOwnQueueOrDirectReplyTo() throws Exception {
        String ci = users.user("ci-codedang");
        String victim = rabbit.topology().prefix() + ".victim";
        rabbit.admin().declareQueue(new Queue(victim, false, false, true));
        String own = rabbit.topology().prefix() + ".reply." + ci + ".pr-5";
        CachingConnectionFactory ciConnection = factory(ci);
        new org.springframework.amqp.rabbit.core.RabbitAdmin(ciConnection).declareQueue(new Queue(own, false, false, true));

        publishToIntake(ci, preview("codedang-pr-5", "").replace("tier: preview", "tier: qa"), Map.of(), victim);
        publishToIntake(ci, preview("codedang-pr-5", "").replace("tier: preview", "tier: qa"), Map.of(), own);

        Message reply = new RabbitTemplate(ciConnection).receive(own, 120_000);
        assertThat(reply).as("the reply in the submitter's own queue").isNotNull();
        assertThat(EventCodec.fromMessage(reply).type()).isEqualTo(EventType.ENVIRONMENT_REJECTED);
        assertThat(rabbit.admin().getQueueInfo(victim).getMessageCount()).as("nothing written to the victim's queue").isZero();

        // direct reply-to: the broker hands the reply to the submitter's channel
        try (com.rabbitmq.client.Connection connection = ciConnection.getRabbitConnectionFactory().newConnection();
             com.rabbitmq.client.Channel channel = connection.createChannel()) {
            java.util.concurrent.BlockingQueue<byte[]> direct = new java.util.concurrent.LinkedBlockingQueue<>();
            channel.basicConsume("amq.rabbitmq.reply-to", true, (tag, delivery) -> direct.add(delivery.getBody()), tag -> { });
            channel.basicPublish(rabbit.topology().intakeExchange(), "environment.submitted",
                    new com.rabbitmq.client.AMQP.BasicProperties.Builder().userId(ci).replyTo("amq.rabbitmq.reply-to")
                            .messageId(UUID.randomUUID().toString()).contentType("application/yaml").build(),
                    preview("codedang-pr-5", "").replace("tier: preview", "tier: qa").getBytes(StandardCharsets.UTF_8));
            assertThat(direct.poll(2, java.util.concurrent.TimeUnit.MINUTES)).as("direct reply-to").isNotNull();
        }
    }

    // attack 6: forged step answers made an environment Ready with the attacker's outputs
    @Test
    void forgedStepAnswersDoNotCount() {
        steps.script((step, command) -> command.subject().equals("codedang-pr-6") ? ScriptedStepServices.Answer.hold()
                : ScriptedStepServices.Answer.succeed());
        try (BusProbe probe = rabbit.probe()) {
            assertThat(post(PREVIEW_TOKEN, preview("codedang-pr-6", "")).statusCode()).isEqualTo(202);
            await().atMost(Duration.ofMinutes(2)).until(() -> steps.received().stream().filter(c -> c.subject().equals("codedang-pr-6")).count() == 5);
            Event<?> command = steps.received().stream().filter(c -> c.subject().equals("codedang-pr-6")).findFirst().orElseThrow();
            // the attacker holds a credential that may write to the events exchange (here: the broker's admin)
            RabbitTemplate attacker = rabbit.rabbitTemplate();
            for (Step step : Step.values()) {
                Event<Object> forged = Event.of(EventType.STEP_SUCCEEDED, "/envsaga/" + step.id(), "codedang-pr-6", command.sagaId(),
                        command.generation(), step, new Payloads.StepSucceeded(step, false, Map.of("url", "https://evil.example/")));
                attacker.send(rabbit.topology().eventsExchange(), forged.routingKey(), EventCodec.toMessage(forged));
                Message asItself = EventCodec.toMessage(forged);
                asItself.getMessageProperties().setUserId(rabbit.endpoint().username());
                attacker.send(rabbit.topology().eventsExchange(), forged.routingKey(), asItself);
            }
            String dlq = rabbit.topology().deadLetterQueue(rabbit.topology().orchestratorStepsQueue());
            await().atMost(Duration.ofMinutes(2)).until(() -> rabbit.admin().getQueueInfo(dlq).getMessageCount() >= 10);
            assertThat(SpecMapper.json().readTree(orchestrator.get("/api/v1/environments/codedang-pr-6").body()).get("phase").asString())
                    .isEqualTo("applying");

            steps.releaseHeld();
            probe.await(ofType(EventType.ENVIRONMENT_READY, "codedang-pr-6", command.generation()), Duration.ofMinutes(2));
        }
        JsonNode environment = SpecMapper.json().readTree(orchestrator.get("/api/v1/environments/codedang-pr-6").body());
        assertThat(environment.get("steps").get("dns").get("outputs").get("by").asString()).isEqualTo("scripted-dns");
        assertThat(environment.toString()).doesNotContain("evil.example");
        steps.script((step, command) -> ScriptedStepServices.Answer.succeed());
    }

    // attack 7: any OIDC token of the issuer, for any audience
    @Test
    void aJwtWithoutTheAudienceOrFromAnotherRepositoryIsRefused() throws Exception {
        byte[] spec = preview("codedang-pr-7", "").getBytes();
        Map<String, Object> claims = Map.of("repository_id", "72866112", "ref", "refs/pull/7/merge", "repository", "skkuding/codedang");

        int noAudience = orchestrator.send("POST", "/api/v1/environments", jwt.token(claims, null), "application/yaml", spec).statusCode();
        int otherAudience = orchestrator.send("POST", "/api/v1/environments", jwt.token(claims, "sts.amazonaws.com"), "application/yaml",
                spec).statusCode();
        int recreatedRepository = orchestrator.send("POST", "/api/v1/environments",
                jwt.token(Map.of("repository_id", "99999999", "ref", "refs/pull/7/merge", "repository", "skkuding/codedang"), "envsaga"),
                "application/yaml", spec).statusCode();
        int mainBranch = orchestrator.send("POST", "/api/v1/environments",
                jwt.token(Map.of("repository_id", "72866112", "ref", "refs/heads/main"), "envsaga"), "application/yaml", spec).statusCode();
        int right = orchestrator.send("POST", "/api/v1/environments", jwt.token(claims, "envsaga"), "application/yaml", spec).statusCode();

        assertThat(noAudience).isEqualTo(401);
        assertThat(otherAudience).isEqualTo(401);
        assertThat(recreatedRepository).as("repository_id pinned").isEqualTo(403);
        assertThat(mainBranch).as("ref pinned").isEqualTo(403);
        assertThat(right).isEqualTo(202);
    }

    // attack 8: a preview asking for the whole cluster
    @Test
    void aHugePreviewIsRefusedAtSubmission() {
        StringBuilder spec = new StringBuilder("apiVersion: envsaga.io/v1\nkind: Environment\nmetadata: { name: codedang-pr-8 }\n"
                + "spec:\n  tier: preview\n  dns:\n    zone: codedang.com\n    hosts:\n");
        for (int i = 0; i < 3000; i++) {
            spec.append("      - h").append(i).append(".preview.codedang.com\n");
        }
        spec.append("  workloads:\n");
        for (int i = 0; i < 1500; i++) {
            spec.append("    - {name: w").append(i).append(", image: 'x/y:1', replicas: 20, resources: {requests: {cpu: '64'}}}\n");
        }

        HttpResponse<String> response = post(PREVIEW_TOKEN, spec.toString());

        assertThat(spec.length()).isGreaterThan(200_000);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("1500 workloads").contains("30000 replicas in total").contains("3000 hosts")
                .contains("request 1920000 CPUs");
    }

    // attack 9: streams kept for unknown names, streams of settled environments never ending
    @Test
    void eventStreamsAreBounded() throws Exception {
        EnvironmentEvents live = orchestrator.context().getBean(EnvironmentEvents.class);
        for (int i = 0; i < 301; i++) {
            assertThat(stream("nobody-" + i, OrchestratorHarness.ADMIN_TOKEN).status()).isEqualTo(404);
        }
        assertThat(live.open()).isZero();

        try (BusProbe probe = rabbit.probe()) {
            post(PREVIEW_TOKEN, preview("codedang-pr-9", ""));
            probe.await(ofType(EventType.ENVIRONMENT_READY, "codedang-pr-9", 1), Duration.ofMinutes(2));
        }
        RawStream settled = stream("codedang-pr-9", PREVIEW_TOKEN);
        assertThat(settled.status()).isEqualTo(200);
        assertThat(settled.readToEnd()).as("a settled environment's stream ends after its state").contains("event:ready");

        steps.script((step, command) -> command.subject().equals("codedang-pr-99") ? ScriptedStepServices.Answer.hang()
                : ScriptedStepServices.Answer.succeed());
        post(PREVIEW_TOKEN, preview("codedang-pr-99", ""));
        List<RawStream> open = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            open.add(stream("codedang-pr-99", PREVIEW_TOKEN));
        }
        assertThat(open).allSatisfy(s -> assertThat(s.status()).isEqualTo(200));
        assertThat(stream("codedang-pr-99", PREVIEW_TOKEN).status()).as("past the cap per identity").isEqualTo(429);
        assertThat(live.open()).isEqualTo(3);

        for (RawStream s : open) {
            s.close();
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> live.open() == 0);
        steps.script((step, command) -> ScriptedStepServices.Answer.succeed());
    }

    @Test
    void auditRowsPastTheirRetentionArePurged() {
        JdbcClient jdbc = orchestrator.context().getBean(JdbcClient.class);
        for (Instant at : List.of(Instant.now().minus(Duration.ofDays(2)), Instant.now())) {
            jdbc.sql("insert into audit_messages (exchange, routing_key, subject, headers, body, received_at) values (?, ?, ?, ?, ?, ?)")
                    .params("x", "y", "codedang-pr-old", "{}", "{}", Timestamp.from(at)).update();
        }

        int deleted = orchestrator.context().getBean(RetentionPurge.class).purge();

        assertThat(deleted).isGreaterThanOrEqualTo(1);
        assertThat(history("codedang-pr-old").size()).isEqualTo(1);
    }

    // --- helpers

    private static CachingConnectionFactory factory(String user) {
        CachingConnectionFactory factory = rabbit.connectionFactoryOf(user, BrokerDefinitions.PASSWORD);
        factories.add(factory);
        return factory;
    }

    private static String preview(String name, String moreWorkloads) {
        String host = name.substring(name.lastIndexOf('-') + 1) + ".preview.codedang.com";
        return """
                apiVersion: envsaga.io/v1
                kind: Environment
                metadata: { name: %s }
                spec:
                  tier: preview
                  dns: { zone: codedang.com, hosts: [%s] }
                  workloads:
                    - { name: frontend, image: 'ghcr.io/skkuding/codedang-frontend:1', port: 5525 }
                %s""".formatted(name, host, moreWorkloads);
    }

    private static HttpResponse<String> post(String token, String yaml) {
        return orchestrator.send("POST", "/api/v1/environments", token, "application/yaml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode history(String name) {
        return SpecMapper.json().readTree(orchestrator.get("/api/v1/environments/" + name + "/history").body());
    }

    private static void publishToIntake(String user, String spec, Map<String, Object> headers, String replyTo) {
        CachingConnectionFactory factory = factory(user);
        var message = MessageBuilder.withBody(spec.getBytes(StandardCharsets.UTF_8)).setContentType("application/yaml").setUserId(user)
                .setMessageId(UUID.randomUUID().toString());
        headers.forEach(message::setHeader);
        if (replyTo != null) {
            message.setReplyTo(replyTo);
        }
        new RabbitTemplate(factory).send(rabbit.topology().intakeExchange(), "environment.submitted", message.build());
    }

    /** An SSE request on a plain socket, so that the test can close the socket the way a client that goes away does. */
    private static RawStream stream(String name, String token) throws Exception {
        Socket socket = new Socket("127.0.0.1", Integer.parseInt(orchestrator.context().getEnvironment().getProperty("local.server.port")));
        socket.setSoTimeout(30_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET /api/v1/environments/" + name + "/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                + "\r\nAccept: text/event-stream\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        String status = in.readLine();
        int code = Integer.parseInt(status.split(" ")[1]);
        String line;
        while ((line = in.readLine()) != null && !line.isEmpty()) {
            // headers
        }
        RawStream stream = new RawStream(socket, in, code);
        if (code != 200) {
            stream.close();
        }
        return stream;
    }

    private record RawStream(Socket socket, BufferedReader in, int status) implements AutoCloseable {
        String readToEnd() throws Exception {
            StringBuilder all = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                all.append(line.replace(" ", "")).append('\n');
            }
            return all.toString();
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }
}
