package io.envsaga.orchestrator;

import static io.envsaga.testsupport.bus.BusProbe.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.events.EventType;
import io.envsaga.simulation.bus.ScriptedStepServices;
import io.envsaga.testsupport.bus.BusProbe;
import io.envsaga.testsupport.services.PostgresExtension;
import io.envsaga.testsupport.services.RabbitMqExtension;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 28, expiry with two orchestrators on one PostgreSQL database, both sweeping every 100 ms:
 * each expired preview is warned once and deleted once (one {@code environment.expired}, one
 * deletion saga), whichever replica gets there first.
 */
class ExpiryReplicasIT {

    @RegisterExtension
    static final RabbitMqExtension rabbit = new RabbitMqExtension();
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    static OrchestratorHarness first;
    static OrchestratorHarness second;
    static ScriptedStepServices steps;

    @BeforeAll
    static void start() {
        first = new OrchestratorHarness(rabbit, postgres);
        first.start(ExpirySpecs.FAST_SWEEP);
        second = new OrchestratorHarness(rabbit, postgres);
        second.start(ExpirySpecs.FAST_SWEEP);
        steps = new ScriptedStepServices(rabbit.connectionFactory(), rabbit.topology());
    }

    @AfterAll
    static void stop() {
        steps.close();
        second.stop();
        first.stop();
    }

    @Test
    void twoOrchestratorsWarnAndDeleteEachExpiredPreviewOnce() {
        List<String> names = List.of("twice-1", "twice-2", "twice-3", "twice-4");
        try (BusProbe probe = rabbit.probe()) {
            for (int i = 0; i < names.size(); i++) {
                OrchestratorHarness via = i % 2 == 0 ? first : second;
                assertThat(via.submit(ExpirySpecs.preview(names.get(i), "{ ttl: 2s }")).statusCode()).isEqualTo(202);
            }
            for (String name : names) {
                probe.await(ofType(EventType.ENVIRONMENT_DELETED, name, 1));
            }
            for (String name : names) {
                assertThat(probe.events(ofType(EventType.ENVIRONMENT_EXPIRING, name))).as(name).hasSize(1);
                assertThat(probe.events(ofType(EventType.ENVIRONMENT_EXPIRED, name))).as(name).hasSize(1);
                assertThat(probe.events(ofType(EventType.ENVIRONMENT_DELETION_REQUESTED, name))).as(name).hasSize(1);
                assertThat(probe.events(ofType(EventType.ENVIRONMENT_DELETED, name))).as(name).hasSize(1);
                List<String> history = ExpirySpecs.awaitHistory(second, name, "environment.deleted");
                assertThat(history.stream().filter(k -> k.equals("environment.expiring"))).as(name).hasSize(1);
                assertThat(history.stream().filter(k -> k.equals("environment.deletion-requested"))).as(name).hasSize(1);
            }
        }
    }
}
