package io.envsaga.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventCodec;
import io.envsaga.contracts.events.Payloads;
import io.envsaga.orchestrator.intake.IntakeReplies;
import io.envsaga.testsupport.services.PostgresExtension;
import io.envsaga.testsupport.services.RabbitMqExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

/**
 * Issue 26, class 3: one submitter's flood on the intake (thousands of messages, some naming
 * another submitter's environment, some over the size limit) delays another submitter's work by
 * little, takes only its share, fills no other environment's history and leaves no oversize body
 * in the audit; reply routes are bounded per submitter.
 */
class IntakeFairnessIT {

    @RegisterExtension
    static final RabbitMqExtension rabbit = new RabbitMqExtension();
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    static final String PASSWORD = "intake-fairness-password";
    static final String FLOODER = "t-ci-flood-" + Long.toHexString(System.nanoTime());
    static final String VICTIM = "t-ci-victim-" + Long.toHexString(System.nanoTime());
    static final String REPLIER = "t-ci-replies-" + Long.toHexString(System.nanoTime());
    static final int FLOOD = 4000;
    static final int BURST = 20;
    static final double RATE = 5;
    static OrchestratorHarness orchestrator;
    static final List<CachingConnectionFactory> factories = new ArrayList<>();

    @BeforeAll
    static void start() {
        for (String user : List.of(FLOODER, VICTIM, REPLIER)) {
            rabbit.createUser(user, PASSWORD);
        }
        orchestrator = new OrchestratorHarness(rabbit, postgres);
        orchestrator.start(Map.ofEntries(
                Map.entry("envsaga.orchestrator.intake.submitters[0].user", FLOODER),
                Map.entry("envsaga.orchestrator.intake.submitters[0].environments[0]", "codedang-pr-1*"),
                Map.entry("envsaga.orchestrator.intake.submitters[0].hosts[0]", "*.preview.codedang.com"),
                Map.entry("envsaga.orchestrator.intake.submitters[1].user", VICTIM),
                Map.entry("envsaga.orchestrator.intake.submitters[1].environments[0]", "codedang-pr-2*"),
                Map.entry("envsaga.orchestrator.intake.submitters[1].hosts[0]", "*.preview.codedang.com"),
                Map.entry("envsaga.orchestrator.intake.submitters[2].user", REPLIER),
                Map.entry("envsaga.orchestrator.intake.submitters[2].environments[0]", "codedang-pr-3*"),
                Map.entry("envsaga.orchestrator.intake.submitters[2].hosts[0]", "*.preview.codedang.com"),
                Map.entry("envsaga.orchestrator.intake.fairness.rate", Double.toString(RATE)),
                Map.entry("envsaga.orchestrator.intake.fairness.burst", Integer.toString(BURST)),
                Map.entry("envsaga.orchestrator.intake.fairness.replies-per-submitter", "5")));
        // no step services: sagas stay applying, so submissions have no outcome and reply routes are held
        // warm: the first submission of a JVM builds validation metadata and JIT-compiles the path (seconds on a busy machine)
        template(VICTIM).send(rabbit.topology().intakeExchange(), "environment.submitted",
                message(VICTIM, OrchestratorHarness.spec("codedang-pr-29", "ghcr.io/skkuding/codedang-frontend:v1").getBytes(), null));
        await().atMost(Duration.ofMinutes(2)).until(() -> orchestrator.get("/api/v1/environments/codedang-pr-29").statusCode() == 200);
    }

    @AfterAll
    static void stop() {
        orchestrator.stop();
        factories.forEach(CachingConnectionFactory::destroy);
    }

    @Test
    void oneSubmittersFloodDelaysAnothersSubmissionByLittleAndFillsNoOtherHistory() {
        String replyQueue = rabbit.topology().prefix() + ".reply." + FLOODER + ".flood";
        rabbit.admin().declareQueue(new Queue(replyQueue, false, false, true));
        RabbitTemplate flooder = template(FLOODER);
        byte[] own = OrchestratorHarness.spec("codedang-pr-10", "ghcr.io/skkuding/codedang-frontend:v1").getBytes(StandardCharsets.UTF_8);
        byte[] victims = OrchestratorHarness.spec("codedang-pr-20", "ghcr.io/evil/miner:1").getBytes(StandardCharsets.UTF_8);
        byte[] oversize = (new String(victims, StandardCharsets.UTF_8) + "# " + "x".repeat(300 * 1024) + "\n").getBytes(StandardCharsets.UTF_8);
        long floodStart = System.nanoTime();
        for (int i = 0; i < FLOOD; i++) {
            byte[] body = i % 400 == 7 ? oversize : i % 10 == 3 ? victims : own;
            flooder.send(rabbit.topology().intakeExchange(), "environment.submitted", message(FLOODER, body, i % 2 == 0 ? replyQueue : null));
        }

        long published = System.nanoTime();
        template(VICTIM).send(rabbit.topology().intakeExchange(), "environment.submitted",
                message(VICTIM, OrchestratorHarness.spec("codedang-pr-20", "ghcr.io/skkuding/codedang-frontend:v1").getBytes(), null));
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> orchestrator.get("/api/v1/environments/codedang-pr-20").statusCode() == 200);
        Duration victimWaited = Duration.ofNanos(System.nanoTime() - published);

        assertThat(victimWaited).as("the victim's submission behind %d of the flooder's", FLOOD).isLessThan(Duration.ofSeconds(5));
        String flooderEnvironment = orchestrator.get("/api/v1/environments/codedang-pr-10").body();
        double seconds = (System.nanoTime() - floodStart) / 1e9;
        long generation = Long.parseLong(flooderEnvironment.replaceAll("(?s).*?\"generation\":(\\d+).*", "$1"));
        assertThat(generation).as("the flooder's submissions taken: its burst and rate, not its %d messages", FLOOD)
                .isLessThanOrEqualTo((long) (BURST + RATE * seconds) + 1);
        Message refused = rabbit.rabbitTemplate().receive(replyQueue, 30_000);
        assertThat(refused).isNotNull();
        Event<?> reply = EventCodec.fromMessage(refused);
        assertThat(((Payloads.EnvironmentRejected) reply.data()).violations().get(0).message())
                .containsAnyOf("submits faster than", "submissions waiting", "bytes, more than");

        // the audit has every message of the flood, none under the victim's name, none with an oversize body
        JdbcClient jdbc = orchestrator.context().getBean(JdbcClient.class);
        await().atMost(Duration.ofMinutes(2)).until(() -> jdbc.sql("select count(*) from audit_messages where user_id = ?")
                .param(FLOODER).query(Long.class).single() == FLOOD);
        assertThat(jdbc.sql("select count(*) from audit_messages where subject = 'codedang-pr-20' and user_id = ?")
                .param(FLOODER).query(Long.class).single()).as("nothing of the flooder in the victim's history").isZero();
        assertThat(jdbc.sql("select max(length(body)) from audit_messages where user_id = ?").param(FLOODER).query(Long.class).single())
                .as("no oversize body kept").isLessThan(256L * 1024);
        assertThat(jdbc.sql("select count(*) from audit_messages where user_id = ? and body like '%over the limit%'").param(FLOODER)
                .query(Long.class).single()).isEqualTo(FLOOD / 400);
        assertThat(orchestrator.get("/api/v1/environments/codedang-pr-20/history").body()).doesNotContain(FLOODER).doesNotContain("miner");
    }

    @Test
    void replyRoutesAreBoundedPerSubmitter() {
        String replyQueue = rabbit.topology().prefix() + ".reply." + REPLIER + ".wait";
        rabbit.admin().declareQueue(new Queue(replyQueue, false, false, true));
        RabbitTemplate replier = template(REPLIER);
        for (int i = 0; i < 12; i++) {
            replier.send(rabbit.topology().intakeExchange(), "environment.submitted", message(REPLIER,
                    OrchestratorHarness.spec("codedang-pr-3" + i, "ghcr.io/skkuding/codedang-frontend:v1").getBytes(), replyQueue));
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> orchestrator.get("/api/v1/environments/codedang-pr-311").statusCode() == 200);
        IntakeReplies replies = orchestrator.context().getBean(IntakeReplies.class);

        assertThat(replies.waiting(REPLIER)).as("12 submissions without an outcome, a share of 5").isEqualTo(5);
        for (int i = 0; i < 3; i++) { // the same environment again: each supersedes the one before, whose route goes
            replier.send(rabbit.topology().intakeExchange(), "environment.submitted", message(REPLIER,
                    OrchestratorHarness.spec("codedang-pr-311", "ghcr.io/skkuding/codedang-frontend:v" + (2 + i)).getBytes(), replyQueue));
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> orchestrator.get("/api/v1/environments/codedang-pr-311").body()
                .contains("\"generation\":4"));
        assertThat(replies.waiting(REPLIER)).isEqualTo(5);
    }

    private static RabbitTemplate template(String user) {
        CachingConnectionFactory factory = rabbit.connectionFactoryOf(user, PASSWORD);
        factory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.NONE);
        factories.add(factory);
        return new RabbitTemplate(factory);
    }

    private static Message message(String user, byte[] body, String replyTo) {
        var builder = MessageBuilder.withBody(body).setContentType("application/yaml").setUserId(user)
                .setMessageId(UUID.randomUUID().toString());
        if (replyTo != null) {
            builder.setReplyTo(replyTo);
        }
        return builder.build();
    }
}
