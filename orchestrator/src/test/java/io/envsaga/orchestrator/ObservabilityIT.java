package io.envsaga.orchestrator;

import static io.envsaga.testsupport.bus.BusProbe.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Step;
import io.envsaga.simulation.bus.ScriptedStepServices;
import io.envsaga.simulation.bus.ScriptedStepServices.Answer;
import io.envsaga.testsupport.bus.BusProbe;
import io.envsaga.testsupport.services.PostgresExtension;
import io.envsaga.testsupport.services.RabbitMqExtension;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.core.MessageBuilder;

/**
 * The dashboard's and the alerts' queries (deploy/control-plane/observability) against what the
 * orchestrator really exposes, on the real broker and PostgreSQL with scripted step services:
 * every metric they name is in the scrape, and the alerts for a passed deadline and a dead letter
 * hold when their condition is made true, and not before (evaluated as {@link AlertCondition}
 * says, with its limits).
 */
class ObservabilityIT {

    @RegisterExtension
    static final RabbitMqExtension rabbit = new RabbitMqExtension();
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    static OrchestratorHarness orchestrator;
    static ScriptedStepServices steps;

    @BeforeAll
    static void start() {
        orchestrator = new OrchestratorHarness(rabbit, postgres);
        // a short deadline for cache, which this test's late environment never answers; the others answer at once
        orchestrator.start(Map.of("envsaga.orchestrator.deadlines.steps.cache", "5s", "envsaga.orchestrator.metrics.queue-poll", "200ms"));
        steps = new ScriptedStepServices(rabbit.connectionFactory(), rabbit.topology());
        steps.script((step, command) -> step == Step.CACHE && command.type() == EventType.ENVIRONMENT_REQUESTED
                && command.subject().startsWith("late-") ? Answer.hang() : Answer.succeed());
    }

    @AfterAll
    static void stop() {
        steps.close();
        orchestrator.stop();
    }

    @Test
    void everyMetricTheDashboardAndTheAlertsNameIsExposedAndTheDeadlineAndDeadLetterAlertsHoldWhenTheyShould() {
        PrometheusScrape before = scrape();
        try (BusProbe probe = rabbit.probe()) {
            orchestrator.submit(OrchestratorHarness.spec("observed", "ghcr.io/skkuding/codedang-frontend:v1"));
            probe.await(ofType(EventType.ENVIRONMENT_READY, "observed", 1));
            orchestrator.submit(OrchestratorHarness.spec("late-observed", "ghcr.io/skkuding/codedang-frontend:v1"));
            probe.await(ofType(EventType.ENVIRONMENT_FAILED, "late-observed", 1));
        }
        // an unreadable answer: the orchestrator dead-letters it
        rabbit.rabbitTemplate().send("", rabbit.topology().orchestratorStepsQueue(),
                MessageBuilder.withBody("not an event".getBytes()).build());
        String dlq = rabbit.topology().deadLetterQueue(rabbit.topology().orchestratorStepsQueue());
        PrometheusScrape after = Awaitility.await().atMost(Duration.ofMinutes(2)).until(ObservabilityIT::scrape,
                s -> s.of("envsaga_dlq_messages").stream().anyMatch(d -> d.labels().get("queue").equals(dlq) && d.value() > 0));

        Map<String, String> queries = new java.util.LinkedHashMap<>(ShippedQueries.dashboard());
        ShippedQueries.alerts().forEach((alert, expr) -> queries.put("alert " + alert, expr));
        Set<String> missing = new TreeSet<>();
        queries.forEach((where, expr) -> PromQl.metricNames(expr).stream().filter(name -> !after.names().contains(name))
                .forEach(name -> missing.add(where + ": " + name)));
        assertThat(queries).hasSizeGreaterThan(10);
        assertThat(missing).as("metric names the queries use and the orchestrator does not expose").isEmpty();

        AlertCondition deadline = AlertCondition.of(ShippedQueries.alerts().get("EnvsagaSagaPastDeadline"));
        assertThat(deadline.holding(before, before)).isEmpty();
        assertThat(deadline.holding(before, after)).containsExactly(Map.of("step", "cache"));
        AlertCondition deadLetters = AlertCondition.of(ShippedQueries.alerts().get("EnvsagaDeadLetters"));
        assertThat(deadLetters.holding(before, before)).isEmpty();
        assertThat(deadLetters.holding(before, after)).containsExactly(Map.of("queue", dlq));
        AlertCondition stepServiceDown = AlertCondition.of(ShippedQueries.alerts().get("EnvsagaStepServiceDown"));
        assertThat(stepServiceDown.holding(before, after)).as("every step queue has its scripted consumer").isEmpty();
    }

    private static PrometheusScrape scrape() {
        return PrometheusScrape.parse(orchestrator.send("GET", "/actuator/prometheus", null, null, null).body());
    }
}
