package io.envsaga.orchestrator;

import static io.envsaga.testsupport.bus.BusProbe.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Step;
import io.envsaga.testsupport.bus.BusProbe;
import io.envsaga.simulation.bus.ScriptedStepServices;
import io.envsaga.testsupport.services.PostgresExtension;
import io.envsaga.testsupport.services.RabbitMqExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

/**
 * The bus topology is the orchestrator's to declare, step queues included: a submission made
 * before any step service has ever started waits in the step queues and completes once they start.
 */
class StartOrderIT {

    @RegisterExtension
    static final RabbitMqExtension rabbit = new RabbitMqExtension();
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    static OrchestratorHarness orchestrator;

    @BeforeAll
    static void start() {
        orchestrator = new OrchestratorHarness(rabbit, postgres);
        orchestrator.start();
    }

    @AfterAll
    static void stop() {
        orchestrator.stop();
    }

    @Test
    void aSubmissionMadeBeforeAnyStepServiceStartedCompletesOnceTheyStart() {
        RabbitAdmin admin = new RabbitAdmin(rabbit.connectionFactory());
        try (BusProbe probe = rabbit.probe()) {
            assertThat(orchestrator.submit(OrchestratorHarness.spec("early", "ghcr.io/skkuding/codedang-frontend:v1")).statusCode())
                    .isEqualTo(202);
            probe.await(ofType(EventType.ENVIRONMENT_REQUESTED, "early", 1));
            for (Step step : Step.values()) {
                // declared by the orchestrator, not by a step service: the command waits there (the probe's copy may
                // arrive before the step queue counts its own: a count is awaited, not read once)
                assertThat(admin.getQueueInfo(rabbit.topology().stepQueue(step))).as(step.id()).isNotNull();
                org.awaitility.Awaitility.await(step.id() + " queue holds the command").atMost(Duration.ofMinutes(2))
                        .until(() -> admin.getQueueInfo(rabbit.topology().stepQueue(step)).getMessageCount() == 1);
            }

            try (ScriptedStepServices steps = new ScriptedStepServices(rabbit.connectionFactory(), rabbit.topology())) {
                probe.await(ofType(EventType.ENVIRONMENT_READY, "early", 1), Duration.ofMinutes(2));
                assertThat(steps.received()).extracting(c -> c.step()).containsExactlyInAnyOrder(Step.values());
            }
        }
    }
}
