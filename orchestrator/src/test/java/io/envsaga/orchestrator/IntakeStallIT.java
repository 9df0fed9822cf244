package io.envsaga.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.spec.SpecMapper;
import io.envsaga.simulation.bus.ScriptedStepServices;
import io.envsaga.simulation.bus.ScriptedStepServices.Answer;
import io.envsaga.testsupport.bus.TcpProxy;
import io.envsaga.testsupport.services.PostgresExtension;
import io.envsaga.testsupport.services.RabbitMqExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The intake while its broker stalls or goes away with submissions waiting in the lanes (taken
 * from the queue, not yet handled or not yet acknowledged): each submission becomes exactly one
 * generation, none is lost, none is dead-lettered. The orchestrator reaches the broker through a
 * proxy the test pauses and cuts; the CI user publishes and the scripted step services answer on
 * the broker directly.
 */
class IntakeStallIT {

    @RegisterExtension
    static final RabbitMqExtension rabbit = new RabbitMqExtension();
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    static final String PASSWORD = "stall-ci-password-9c1e";
    static final String CI_USER = "t-ci-stall-" + Long.toHexString(System.nanoTime());
    static final int SUBMISSIONS = 40;
    static TcpProxy proxy;
    static OrchestratorHarness orchestrator;
    static ScriptedStepServices steps;

    @BeforeAll
    static void start() throws Exception {
        rabbit.createUser(CI_USER, PASSWORD);
        proxy = new TcpProxy(rabbit.endpoint().host(), rabbit.endpoint().port());
        Map<String, String> config = new HashMap<>(GrantConfig.submitter(0, CI_USER).environments("stall-*").hosts("*.preview.codedang.com").properties());
        config.put("spring.rabbitmq.port", Integer.toString(proxy.port()));
        // a lost connection is noticed by the client's heartbeat, not by a test timeout
        config.put("spring.rabbitmq.requested-heartbeat", "5s");
        // the whole burst is admitted to the lanes (fairness is IntakeFairnessIT's); what is tested is what waits there
        config.put("envsaga.orchestrator.intake.fairness.rate", "1000");
        config.put("envsaga.orchestrator.intake.fairness.burst", "1000");
        config.put("envsaga.orchestrator.intake.fairness.queue-share", "1000");
        orchestrator = new OrchestratorHarness(rabbit, postgres);
        orchestrator.start(config);
        steps = new ScriptedStepServices(rabbit.connectionFactory(), rabbit.topology());
        steps.script((step, command) -> Answer.succeed());
    }

    @AfterAll
    static void stop() {
        if (steps != null) {
            steps.close();
        }
        if (orchestrator != null) {
            orchestrator.stop();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @AfterEach
    void connected() throws Exception {
        proxy.resume();
        proxy.restore();
    }

    @Test
    void aBrokerStalledWhileTheLanesHoldSubmissionsLosesNoneAndDuplicatesNone() throws Exception {
        List<String> names = names("stall-paused");
        proxy.pause();
        publish(names); // all of them wait in the queue, then in the lanes once the broker answers again
        proxy.resume();
        // while the first is being handled the rest wait in the lanes (one prefetch of them all): stall again there
        awaitExists(names.get(0));
        proxy.pause();
        proxy.resume();

        everyOneReadyAtGenerationOneAndNoDeadLetter(names);
    }

    @Test
    void aConnectionLostWhileTheLanesHoldSubmissionsLosesNoneAndDuplicatesNone() throws Exception {
        List<String> names = names("stall-cut");
        proxy.pause();
        publish(names);
        proxy.resume();
        awaitExists(names.get(0));
        // the lanes keep what they took; its acknowledgements can no longer reach the broker, which delivers all of
        // those again on the next connection: a copy of a handled message id is dropped, an unhandled one handled
        proxy.cut();
        proxy.restore();

        everyOneReadyAtGenerationOneAndNoDeadLetter(names);
    }

    private static List<String> names(String prefix) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < SUBMISSIONS; i++) {
            names.add(prefix + "-" + i);
        }
        return names;
    }

    /** The CI user publishes each spec once, with a message id of its own, to the intake (directly, not through the proxy). */
    private static void publish(List<String> names) {
        CachingConnectionFactory factory = new CachingConnectionFactory(rabbit.endpoint().host(), rabbit.endpoint().port());
        factory.setUsername(CI_USER);
        factory.setPassword(PASSWORD);
        factory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.SIMPLE);
        try {
            // confirmed by the broker before the test goes on: every submission is in the queue
            new RabbitTemplate(factory).invoke(template -> {
                for (String name : names) {
                    template.send(rabbit.topology().intakeExchange(), "environment.submitted", MessageBuilder
                            .withBody(OrchestratorHarness.spec(name, "ghcr.io/skkuding/codedang-frontend:v1").getBytes(StandardCharsets.UTF_8))
                            .setContentType("application/yaml").setUserId(CI_USER).setMessageId(UUID.randomUUID().toString()).build());
                }
                template.waitForConfirmsOrDie(60_000);
                return null;
            });
        } finally {
            factory.destroy();
        }
    }

    private static void awaitExists(String name) {
        Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> orchestrator.get("/api/v1/environments/" + name).statusCode() == 200);
    }

    private static void everyOneReadyAtGenerationOneAndNoDeadLetter(List<String> names) {
        for (String name : names) {
            JsonNode view = Awaitility.await().atMost(Duration.ofMinutes(3)).until(() -> {
                var response = orchestrator.get("/api/v1/environments/" + name);
                return response.statusCode() == 200 ? SpecMapper.json().readTree(response.body()) : null;
            }, v -> v != null && "ready".equals(v.path("phase").asString()));
            assertThat(view.path("generation").asLong()).as(name + ": one submission, one generation").isEqualTo(1);
        }
        RabbitAdmin admin = new RabbitAdmin(rabbit.connectionFactory());
        String dlq = rabbit.topology().deadLetterQueue(rabbit.topology().orchestratorIntakeQueue());
        var info = admin.getQueueInfo(dlq);
        assertThat(info == null ? 0 : info.getMessageCount()).as("intake dead letters").isZero();
        // and the intake queue drained: nothing left unacknowledged for a later delivery to make a second generation
        Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> {
            var intake = admin.getQueueInfo(rabbit.topology().orchestratorIntakeQueue());
            return intake != null && intake.getMessageCount() == 0;
        });
        for (String name : names) {
            assertThat(orchestrator.get("/api/v1/environments/" + name).body()).contains("\"generation\":1,");
        }
    }
}
