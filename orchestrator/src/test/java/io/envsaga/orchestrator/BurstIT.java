package io.envsaga.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventType;
import io.envsaga.testsupport.bus.BusProbe;
import io.envsaga.simulation.bus.ScriptedStepServices;
import io.envsaga.testsupport.services.PostgresExtension;
import io.envsaga.testsupport.services.RabbitMqExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A burst of CI pushes: N submissions from 32 concurrent HTTP clients against the orchestrator on
 * its defaults (H2, the default pool), with step services that answer at once. Counts, not
 * times: no 5xx, every accepted submission has a saga that reaches ready, and each outcome is
 * published once. N is 200 here; {@code -Denvsaga.test.burst=1000} runs the burst
 * (times are the benchmark's, docs/benchmarks.md).
 */
class BurstIT {

    @RegisterExtension
    static final RabbitMqExtension rabbit = new RabbitMqExtension();
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    static final int CLIENTS = 32;

    @Test
    void everyAcceptedSubmissionOfABurstReachesReadyOnceWithNo5xx() throws Exception {
        int burst = Integer.getInteger("envsaga.test.burst", 200);
        OrchestratorHarness orchestrator = new OrchestratorHarness(rabbit, postgres);
        Map<String, String> defaults = OutboxIT.h2("burst");
        defaults.put("envsaga.orchestrator.deadlines.default-deadline", "10m"); // the default: a slow saga must not fail here
        defaults.put("envsaga.orchestrator.deadlines.steps.cache", "10m");
        orchestrator.start(defaults);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try (BusProbe probe = rabbit.probe();
             ScriptedStepServices steps = new ScriptedStepServices(rabbit.connectionFactory(), rabbit.topology())) {
            long started = System.nanoTime();
            List<Callable<Integer>> submissions = new ArrayList<>();
            for (int i = 0; i < burst; i++) {
                String name = "burst-" + i;
                submissions.add(() -> orchestrator.submit(OrchestratorHarness.spec(name, "ghcr.io/skkuding/codedang-frontend:v1")).statusCode());
            }
            List<Integer> statuses = clients.invokeAll(submissions).stream().map(BurstIT::get).toList();
            long answered = System.nanoTime();
            Map<Integer, Long> byStatus = statuses.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));

            assertThat(byStatus).as("answers by status").containsOnlyKeys(202);
            // counted by routing key: decoding every recorded message on each poll would compete with the orchestrator
            Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                    .until(() -> probe.messages().stream().filter(m -> "environment.ready".equals(m.getMessageProperties()
                            .getReceivedRoutingKey())).count() >= burst);
            long ready = System.nanoTime();
            List<Event<?>> outcomes = probe.events(e -> e.type() == EventType.ENVIRONMENT_READY || e.type() == EventType.ENVIRONMENT_FAILED);
            Map<String, Long> outcomesByName = outcomes.stream().collect(Collectors.groupingBy(Event::subject, Collectors.counting()));
            System.out.printf("burst of %d from %d clients: %s; %d ready, %d outcomes; all answered in %d ms, all ready in %d ms%n",
                    burst, CLIENTS, byStatus, outcomesByName.size(), outcomes.size(), (answered - started) / 1_000_000,
                    (ready - started) / 1_000_000);

            assertThat(outcomes).as("only ready").allMatch(e -> e.type() == EventType.ENVIRONMENT_READY);
            assertThat(outcomesByName).as("every accepted submission is ready, once").hasSize(burst).allSatisfy((name, count) ->
                    assertThat(count).as(name).isEqualTo(1));
            assertThat(probe.events(e -> e.type() == EventType.ENVIRONMENT_REQUESTED)).as("one command per submission").hasSize(burst);
        } finally {
            clients.shutdownNow();
            orchestrator.stop();
        }
    }

    private static <T> T get(Future<T> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
