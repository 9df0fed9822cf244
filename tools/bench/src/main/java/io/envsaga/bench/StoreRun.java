package io.envsaga.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.envsaga.bench.BrokerCounts.Counts;
import io.envsaga.contracts.bus.BusTopology;
import io.envsaga.simulation.bus.ScriptedStepServices;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/**
 * One saga store's part of the run: the raw round trip, then the orchestrator's jar on a fresh store
 * and bus prefix of its own, with the five step services simulated (answering every command at once),
 * through warm-up, sequential REST, sequential intake, a steady rate and a burst.
 */
public final class StoreRun {

    /** The warm-up's burst, in sequential warm-up sagas: enough for the JIT to compile the concurrent paths. */
    private static final int WARMUP_BURST_FACTOR = 2;

    /** Everything measured on one store. */
    public record Result(SagaStore.Kind store, Latencies raw, BusOnly busOnly, PhaseResult sequentialRest, PhaseResult sequentialIntake,
                         PhaseResult steady, PhaseResult burst, Path orchestratorLog) {
        public List<PhaseResult> phases() {
            return List.of(sequentialRest, sequentialIntake, steady, burst);
        }
    }

    private final BenchSettings settings;
    private final Consumer<String> progress;

    public StoreRun(BenchSettings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
    }

    public Result run(SagaStore.Kind kind) {
        String id = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
        String name = "bench-" + kind.name().toLowerCase(Locale.ROOT) + "-" + id;
        BusTopology topology = new BusTopology(name, BusTopology.DEFAULT_DELIVERY_LIMIT);
        progress.accept(kind.title() + ": raw round trip, " + settings.raw() + " samples on " + name);
        Latencies raw = RawRoundTrip.measure(settings.broker(), name, Math.min(100, settings.raw()), settings.raw());
        progress.accept(kind.title() + ": " + raw.describe() + "; the saga's messages alone");
        BusOnly busOnly = busOnly(name);
        progress.accept(kind.title() + ": the bus alone: " + busOnly.burst().ready() + " ready at " + Report.ms(busOnly.burst().sagasPerSecond())
                + "/s; starting the orchestrator");
        Path log = settings.logDirectory().resolve(name + ".log");
        CachingConnectionFactory stepConnections = settings.broker().springConnectionFactory();
        try (SagaStore store = SagaStore.create(kind, name, settings.postgres());
             OrchestratorProcess orchestrator = OrchestratorProcess.start(settings.orchestratorJar(), properties(topology, store),
                     jvmArguments(kind), log);
             ScriptedStepServices steps = new ScriptedStepServices(stepConnections, topology);
             Outcomes outcomes = new Outcomes(settings.broker(), topology);
             IntakeSubmitter intake = new IntakeSubmitter(settings.broker(), topology)) {
            progress.accept(kind.title() + ": orchestrator pid " + orchestrator.pid() + " healthy, log " + log);
            steps.script((step, command) -> ScriptedStepServices.Answer.succeed());
            SagaPhases phases = new SagaPhases(outcomes, CpuTimes.clock(orchestrator::cpuTime, orchestrator::jitCpuTime), "bench", settings.settle());
            RestSubmitter rest = new RestSubmitter(orchestrator.baseUrl(), OrchestratorProcess.ADMIN_TOKEN, settings.requestTimeout());
            BrokerCounts counts = new BrokerCounts(settings.broker().management(), name);

            // measured warm, as an orchestrator that has been running for a while is: every path the phases take
            // (REST, the intake, many clients at once) runs first, so that the JIT has compiled it
            phases.sequential("warmup", rest, settings.warmup());
            phases.sequential("warmup-intake", intake, settings.warmup());
            phases.burst("warmup-burst", rest, warmupBurst(), settings.clients(), settings.burstDeadline());
            Counts beforeRest = counts.settled();
            PhaseResult sequentialRest = phases.sequential("rest", rest, settings.sequential());
            Counts beforeIntake = counts.settled();
            PhaseResult sequentialIntake = phases.sequential("intake", intake, settings.sequential());
            Counts afterIntake = counts.settled();
            sequentialRest = sequentialRest.withMessages(perSaga(beforeIntake.minus(beforeRest), sequentialRest));
            sequentialIntake = sequentialIntake.withMessages(perSaga(afterIntake.minus(beforeIntake), sequentialIntake));
            progress.accept(kind.title() + ": sequential done; steady " + settings.rate() + "/s for " + settings.seconds() + " s");

            PhaseResult steady = phases.steady("steady", rest, settings.rate(), settings.seconds());
            progress.accept(kind.title() + ": steady done; burst of " + settings.burst() + " from " + settings.clients() + " clients");
            PhaseResult burst = phases.burst("burst", rest, settings.burst(), settings.clients(), settings.burstDeadline());
            progress.accept(kind.title() + ": burst done: " + burst.ready() + " ready, " + burst.serverErrors() + " 5xx, "
                    + burst.lost() + " lost, " + burst.unsent() + " not sent");
            return new Result(kind, raw, busOnly, sequentialRest, sequentialIntake, steady, burst, log);
        } finally {
            stepConnections.destroy();
            deleteTopology(topology);
        }
    }

    /** The saga's messages without the orchestrator ({@link MessagesOnlySaga}): sequential, then the same burst. */
    public record BusOnly(PhaseResult sequential, PhaseResult burst) {
    }

    private BusOnly busOnly(String name) {
        BusTopology topology = new BusTopology(name + "-bus", BusTopology.DEFAULT_DELIVERY_LIMIT);
        CachingConnectionFactory stepConnections = settings.broker().springConnectionFactory();
        try (MessagesOnlySaga saga = new MessagesOnlySaga(settings.broker(), topology);
             ScriptedStepServices steps = new ScriptedStepServices(stepConnections, topology);
             Outcomes outcomes = new Outcomes(settings.broker(), topology)) {
            steps.script((step, command) -> ScriptedStepServices.Answer.succeed());
            SagaPhases phases = new SagaPhases(outcomes, CpuTimes.clock(() -> Duration.ZERO, () -> Duration.ZERO), "bench", settings.settle());
            // this JVM's own code (the clients, the simulated services) is cold on the first store: a burst warms it as well
            phases.sequential("bus-warmup", saga, settings.warmup());
            phases.burst("bus-warmup-burst", saga, warmupBurst(), settings.clients(), settings.burstDeadline());
            PhaseResult sequential = phases.sequential("bus-sequential", saga, settings.sequential());
            PhaseResult burst = phases.burst("bus-burst", saga, settings.burst(), settings.clients(), settings.burstDeadline());
            return new BusOnly(sequential, burst);
        } finally {
            stepConnections.destroy();
            deleteTopology(topology);
        }
    }

    private int warmupBurst() {
        return Math.min(settings.burst(), settings.warmup() * WARMUP_BURST_FACTOR);
    }

    /** The orchestrator's JVM arguments, {@code {store}} replaced by the store's name (a flight recording per store). */
    private List<String> jvmArguments(SagaStore.Kind kind) {
        return settings.jvmArguments().stream().map(a -> a.replace("{store}", kind.name().toLowerCase(Locale.ROOT))).toList();
    }

    private Map<String, String> properties(BusTopology topology, SagaStore store) {
        Broker broker = settings.broker();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.rabbitmq.host", broker.host());
        properties.put("spring.rabbitmq.port", Integer.toString(broker.port()));
        properties.put("spring.rabbitmq.username", broker.username());
        properties.put("spring.rabbitmq.password", broker.password());
        properties.put("envsaga.bus.prefix", topology.prefix());
        // the intake takes the benchmark's environments from the benchmark's own broker user
        properties.put("envsaga.orchestrator.intake.submitters[0].user", broker.username());
        properties.put("envsaga.orchestrator.intake.submitters[0].environments[0]", "bench-*");
        properties.put("envsaga.orchestrator.intake.submitters[0].hosts[0]", "*.preview.codedang.com");
        // its one submitter sends sagas back to back (30-40/s), far past a CI's share (5/s, 20 at once): the lanes
        // still sort and count every message, so their cost is measured, but none is refused
        properties.put("envsaga.orchestrator.intake.fairness.rate", "100000");
        properties.put("envsaga.orchestrator.intake.fairness.burst", "100000");
        properties.put("envsaga.orchestrator.intake.fairness.queue-share", "100000");
        properties.putAll(store.springProperties());
        properties.putAll(settings.orchestratorProperties());
        return properties;
    }

    private static PhaseResult.MessagesPerSaga perSaga(Counts counts, PhaseResult phase) {
        int sagas = Math.max(1, phase.accepted());
        return new PhaseResult.MessagesPerSaga((double) counts.published() / sagas, (double) counts.delivered() / sagas);
    }

    private void deleteTopology(BusTopology topology) {
        try (Connection connection = settings.broker().connect("bench-cleanup")) {
            Channel channel = connection.createChannel();
            for (String queue : topology.allQueues()) {
                channel.queueDelete(queue);
            }
            for (String exchange : topology.allExchanges()) {
                channel.exchangeDelete(exchange);
            }
        } catch (IOException | RuntimeException e) {
            progress.accept("could not delete the queues of " + topology.prefix() + ": " + e.getMessage());
        }
    }
}
