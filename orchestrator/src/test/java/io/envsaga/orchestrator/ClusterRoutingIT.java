package io.envsaga.orchestrator;

import static io.envsaga.testsupport.bus.BusProbe.ofType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventCodec;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Payloads;
import io.envsaga.contracts.events.Step;
import io.envsaga.contracts.spec.SpecMapper;
import io.envsaga.simulation.bus.ScriptedStepServices;
import io.envsaga.testsupport.bus.BusProbe;
import io.envsaga.testsupport.services.PostgresExtension;
import io.envsaga.testsupport.services.RabbitMqExtension;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Issue 27, the bus by cluster: an orchestrator of two clusters, stage (every step) and production
 * (no storage step), each with step services of its own that answer as a broker user of their
 * cluster, through the real broker and PostgreSQL.
 */
class ClusterRoutingIT {

    @RegisterExtension
    static final RabbitMqExtension rabbit = new RabbitMqExtension();
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    static final String PASSWORD = "cluster-step-user-27";
    static final String STAGE_USER = "t-stage-steps-" + Long.toHexString(System.nanoTime());
    static final String PRODUCTION_USER = "t-production-steps-" + Long.toHexString(System.nanoTime());
    static final Set<Step> PRODUCTION_STEPS = EnumSet.of(Step.DNS, Step.WORKLOADS, Step.MESSAGING, Step.CACHE);
    static OrchestratorHarness orchestrator;
    static CachingConnectionFactory stageConnection;
    static CachingConnectionFactory productionConnection;
    static ScriptedStepServices stage;
    static ScriptedStepServices production;

    @BeforeAll
    static void start() {
        rabbit.createUser(STAGE_USER, PASSWORD);
        rabbit.createUser(PRODUCTION_USER, PASSWORD);
        Map<String, String> config = new LinkedHashMap<>(Map.of(
                "envsaga.orchestrator.clusters[0].name", "stage",
                "envsaga.orchestrator.clusters[1].name", "production",
                "envsaga.orchestrator.clusters[1].steps", "dns,workloads,messaging,cache",
                "envsaga.orchestrator.default-cluster", "stage"));
        for (Step step : Step.values()) {
            config.put("envsaga.orchestrator.clusters[0].step-users." + step.id(), STAGE_USER);
            config.put("envsaga.orchestrator.clusters[1].step-users." + step.id(), PRODUCTION_USER);
        }
        orchestrator = new OrchestratorHarness(rabbit, postgres);
        orchestrator.start(config);
        stageConnection = rabbit.connectionFactoryOf(STAGE_USER, PASSWORD);
        productionConnection = rabbit.connectionFactoryOf(PRODUCTION_USER, PASSWORD);
        stage = new ScriptedStepServices(step -> stageConnection, rabbit.topology(), EnumSet.allOf(Step.class), "stage");
        production = new ScriptedStepServices(step -> productionConnection, rabbit.topology(), PRODUCTION_STEPS, "production");
    }

    @AfterAll
    static void stop() {
        stage.close();
        production.close();
        orchestrator.stop();
        RabbitAdmin admin = rabbit.admin();
        rabbit.topology().allQueues(List.of("stage", "production")).forEach(admin::deleteQueue);
        stageConnection.destroy();
        productionConnection.destroy();
    }

    @Test
    void aStepServiceOfOneClusterNeverReceivesACommandOfTheOther() {
        try (BusProbe probe = rabbit.probe()) {
            assertThat(orchestrator.submit(spec("codedang-stage", "stage")).statusCode()).isEqualTo(202);
            assertThat(orchestrator.submit(spec("codedang-production", "production")).statusCode()).isEqualTo(202);

            probe.await(ofType(EventType.ENVIRONMENT_READY, "codedang-stage", 1), Duration.ofMinutes(2));
            probe.await(ofType(EventType.ENVIRONMENT_READY, "codedang-production", 1), Duration.ofMinutes(2));

            assertThat(probe.events(e -> e.type() == EventType.ENVIRONMENT_REQUESTED))
                    .extracting(Event::subject, Event::cluster, Event::routingKey)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("codedang-stage", "stage", "environment.requested.stage"),
                            org.assertj.core.groups.Tuple.tuple("codedang-production", "production", "environment.requested.production"));
        }
        // the consumers of each cluster's queues: stage's five got the stage command only, production's four the production one
        assertThat(stage.received()).extracting(Event::subject).doesNotContain("codedang-production", "codedang-prod-forged")
                .filteredOn("codedang-stage"::equals).hasSize(5);
        assertThat(production.received()).extracting(Event::subject).doesNotContain("codedang-stage")
                .filteredOn("codedang-production"::equals).hasSize(4);
        RabbitAdmin admin = rabbit.admin();
        for (Step step : Step.values()) {
            assertThat(admin.getQueueInfo(rabbit.topology().stepQueue(step)))
                    .as("the default cluster's %s queue: no cluster here is 'default'", step.id()).isNull();
        }
        assertThat(admin.getQueueInfo(rabbit.topology().stepQueue(Step.STORAGE, "production")))
                .as("production runs no storage step: no queue").isNull();
        // the answers name their cluster, and production's environment was not waiting for a storage step
        JsonNode productionEnvironment = SpecMapper.json().readTree(orchestrator.get("/api/v1/environments/codedang-production").body());
        assertThat(productionEnvironment.get("steps").has("storage")).isFalse();
        assertThat(productionEnvironment.get("steps").get("dns").get("outputs").get("by").asString()).isEqualTo("scripted-dns");
    }

    @Test
    void anAnswerFromAnotherClustersStepUserDoesNotCount() {
        production.script((step, command) -> command.subject().equals("codedang-prod-forged") ? ScriptedStepServices.Answer.hold()
                : ScriptedStepServices.Answer.succeed());
        try (BusProbe probe = rabbit.probe()) {
            assertThat(orchestrator.submit(spec("codedang-prod-forged", "production")).statusCode()).isEqualTo(202);
            await().atMost(Duration.ofMinutes(2)).until(() -> production.heldCount() == PRODUCTION_STEPS.size());
            Event<?> command = production.received().stream().filter(c -> c.subject().equals("codedang-prod-forged")).findFirst().orElseThrow();
            // stage's step services answer for production's environment: as stage's (their own user), as production's
            // (whose user they are not) and as neither
            RabbitTemplate stageSteps = new RabbitTemplate(stageConnection);
            for (Step step : PRODUCTION_STEPS) {
                for (String claimed : new String[] {"stage", "production", null}) {
                    Event<Object> forged = Event.of(EventType.STEP_SUCCEEDED, "/envsaga/" + step.id(), "codedang-prod-forged",
                            command.sagaId(), command.generation(), step,
                            (Object) new Payloads.StepSucceeded(step, false, Map.of("url", "https://evil.example/"))).onCluster(claimed);
                    Message message = EventCodec.toMessage(forged);
                    message.getMessageProperties().setUserId(STAGE_USER);
                    stageSteps.send(rabbit.topology().eventsExchange(), forged.routingKey(), message);
                }
            }
            String dlq = rabbit.topology().deadLetterQueue(rabbit.topology().orchestratorStepsQueue());
            await().atMost(Duration.ofMinutes(2)).until(() -> rabbit.admin().getQueueInfo(dlq).getMessageCount() >= 2 * PRODUCTION_STEPS.size());
            assertThat(SpecMapper.json().readTree(orchestrator.get("/api/v1/environments/codedang-prod-forged").body()).get("phase").asString())
                    .isEqualTo("applying");

            production.releaseHeld();
            probe.await(ofType(EventType.ENVIRONMENT_READY, "codedang-prod-forged", command.generation()), Duration.ofMinutes(2));
        } finally {
            production.script((step, command) -> ScriptedStepServices.Answer.succeed());
        }
        // the answers claiming stage were taken off the queue before the genuine ones, in order: had they counted, the
        // environment would have been ready with the forged outputs
        JsonNode environment = SpecMapper.json().readTree(orchestrator.get("/api/v1/environments/codedang-prod-forged").body());
        assertThat(environment.get("steps").get("dns").get("outputs").get("by").asString()).isEqualTo("scripted-dns");
        assertThat(environment.toString()).doesNotContain("evil.example");
    }

    private static String spec(String name, String cluster) {
        return ClusterTargetsIT.spec(name, cluster); // one spec of Codedang's for the tests of clusters
    }
}
