package io.envsaga.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.envsaga.testsupport.services.PostgresExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The chaos suite (docs/reliability.md): envsaga's real processes on a RabbitMQ node of the
 * suite's own and PostgreSQL, with faults injected while sagas run; each scenario ends with the
 * invariants. {@code -Denvsaga.chaos=full} runs every scenario at full size; the default (CI) a
 * short version: fewer environments, a subset of the faults.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();
    // the mock API server logs every request at INFO: thousands of lines per scenario
    private static final java.util.logging.Logger MOCK_SERVER_LOG = quiet("io.fabric8.mockwebserver");

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    private final ChaosMode mode = ChaosMode.current();
    private final ChaosReport report = new ChaosReport(mode);
    private ChaosSystem system;
    private SagaStore store;
    private Api api;
    private Intake intake;
    private Invariants invariants;

    @BeforeAll
    void start() throws Exception {
        String unavailable = RabbitNode.unavailable();
        assumeTrue(unavailable == null, () -> "chaos suite skipped: " + unavailable);
        system = new ChaosSystem(Path.of("target", "chaos").toAbsolutePath(), postgres);
        long begin = System.nanoTime();
        system.start(Duration.ofSeconds(6));
        report.startup(Duration.ofNanos(System.nanoTime() - begin));
        store = new SagaStore(postgres.jdbcUrl(), postgres.username(), postgres.password());
        api = new Api(system.orchestrators, system.token);
        intake = new Intake(system.broker.amqpPort(), system.topology);
        invariants = new Invariants(system, store);
    }

    @AfterAll
    void stop() throws Exception {
        try {
            report.write(Path.of("target", "chaos", "report.md"));
        } finally {
            if (intake != null) {
                intake.close();
            }
            if (system != null) {
                system.close();
            }
        }
    }

    @Test
    @Order(1)
    void concurrentEnvironmentsWithRandomStepFailuresAndSlowSteps() throws Exception {
        run("burst", mode.burst(), null);
    }

    @Test
    @Order(2)
    void orchestratorKilledMidBurstAndRestarted() throws Exception {
        run("orchkill", mode.perFault(), new Fault("orchestrator SIGKILL mid-burst, restarted", () -> {
            JavaApp orchestrator = system.orchestrators.get(0);
            orchestrator.kill();
            report.injected("orchestrator SIGKILL");
            orchestrator.start().awaitHealthy(ChaosSystem.START);
            report.recovered("orchestrator restarted");
        }));
    }

    @Test
    @Order(3)
    void brokerKilledAndRestartedMidSaga() throws Exception {
        run("brokerkill", mode.perFault(), new Fault("RabbitMQ node SIGKILL mid-saga, restarted", () -> {
            system.broker.kill();
            report.injected("RabbitMQ node SIGKILL");
            system.broker.start();
            report.recovered("RabbitMQ node restarted on its data");
        }));
    }

    @Test
    @Order(4)
    void postgresUnreachableUnderTheOrchestrator() throws Exception {
        run("pgcut", mode.perFault(), new Fault("PostgreSQL cut for " + mode.outage().toSeconds() + " s under the orchestrator, "
                + "which is SIGKILLed and started again while the database is unreachable", () -> {
            JavaApp orchestrator = system.orchestrators.get(0);
            system.database.cut();
            orchestrator.kill();
            report.injected("PostgreSQL cut");
            report.injected("orchestrator SIGKILL");
            orchestrator.start();
            TimeUnit.MILLISECONDS.sleep(mode.outage().toMillis()); // the outage itself, not a wait for something
            system.database.restore();
            if (!orchestrator.alive()) {
                // what a supervisor (Kubernetes) does with a process that exits: start it again
                report.note("pgcut", "the orchestrator started during the outage exited (" + orchestrator.exitCode()
                        + "); started again once the database was back");
                orchestrator.start();
            }
            report.recovered("orchestrator restarted during the database outage");
        }));
    }

    @Test
    @Order(5)
    void everyMessageDeliveredTwiceAndPoisonOnEveryQueue() throws Exception {
        List<String> poisoned = Poison.inject(system);
        try (Duplicator duplicator = new Duplicator(system)) {
            run("twice", mode.perFault(), new Fault("every event delivered twice; poison on " + poisoned.size() + " queues", () -> {
                Poison.inject(system);
            }));
            report.note("twice", duplicator.copies.get() + " copies republished");
            report.injected(duplicator.copies.get() + " duplicate deliveries");
        }
        Map<String, Integer> poison = invariants.deadLettersAreOnlyPoison();
        report.note("twice", "poison dead-lettered: " + poison);
        report.injected(2 * poisoned.size() + " poison messages");
        for (String queue : poisoned) {
            // the audit records anything, readable or not; the intake answers an unreadable submission with environment.rejected
            if (!queue.equals(system.topology.auditQueue()) && !queue.equals(system.topology.orchestratorIntakeQueue())) {
                assertThat(poison).as("poison dead-lettered by the consumer of " + queue)
                        .containsEntry(system.topology.deadLetterQueue(queue), 2);
            }
        }
    }

    @Test
    @Order(6)
    void brokerPausedForThirtySeconds() throws Exception {
        assumeTrue(mode.full(), "full version only (-Denvsaga.chaos=full)");
        run("brokerpause", mode.perFault(), stall("RabbitMQ node SIGSTOP for 30 s", system.broker::pause, system.broker::resume));
    }

    @Test
    @Order(7)
    void postgresStalledUnderTheOrchestrator() throws Exception {
        assumeTrue(mode.full(), "full version only (-Denvsaga.chaos=full)");
        run("pgpause", mode.perFault(), stall("PostgreSQL stalled (proxy paused) for 30 s", system.database::pause,
                system.database::resume));
    }

    /**
     * The network between the step services and their providers: the Kubernetes API and Route53
     * (both behind a proxy) answer nothing for 30 s while sagas apply and release; the steps'
     * requests and watches hang, time out or fail, and are tried again.
     */
    @Test
    @Order(10)
    void kubernetesApiAndRoute53StalledForThirtySeconds() throws Exception {
        assumeTrue(mode.full(), "full version only (-Denvsaga.chaos=full)");
        run("providerpause", mode.perFault(), stall("Kubernetes API and Route53 stalled (proxies paused) for 30 s", () -> {
            system.kubernetesApi.pause();
            system.route53Api.pause();
        }, () -> {
            system.kubernetesApi.resume();
            system.route53Api.resume();
        }));
    }

    /** A stall of 30 s: the server holds its connections but answers nothing. */
    private Fault stall(String description, Action pause, Action resume) {
        return new Fault(description, () -> {
            pause.run();
            report.injected(description);
            try {
                TimeUnit.SECONDS.sleep(30); // the stall itself, not a wait for something
            } finally {
                resume.run();
            }
        });
    }

    @Test
    @Order(8)
    void stepServiceKilledMidStepWithAndWithoutStandby() throws Exception {
        assumeTrue(mode.full(), "full version only (-Denvsaga.chaos=full)");
        run("stepkill", mode.perFault(), new Fault("workload-service SIGKILL (standby takes over); dns-service SIGKILL, "
                + "no standby, restarted after 20 s", () -> {
            JavaApp workloads = system.service("workload-service");
            JavaApp dns = system.service("dns-service");
            workloads.kill();
            dns.kill();
            report.injected("workload-service SIGKILL");
            report.injected("dns-service SIGKILL");
            TimeUnit.SECONDS.sleep(20); // the time nobody runs dns-service
            dns.start();
            workloads.start();
            dns.awaitHealthy(ChaosSystem.START);
            workloads.awaitHealthy(ChaosSystem.START);
            report.recovered("dns-service restarted");
            report.recovered("workload-service restarted (the standby had taken its queue)");
        }));
    }

    @Test
    @Order(9)
    void twoOrchestratorReplicasOnOnePostgres() throws Exception {
        assumeTrue(mode.full(), "full version only (-Denvsaga.chaos=full)");
        system.newOrchestrator("orchestrator-2").start().awaitHealthy(ChaosSystem.START);
        run("replicas", mode.burst() / 2, new Fault("second orchestrator replica; first SIGKILLed and restarted", () -> {
            JavaApp first = system.orchestrators.get(0);
            first.kill();
            report.injected("orchestrator SIGKILL (one of two replicas)");
            first.start().awaitHealthy(ChaosSystem.START);
            report.recovered("orchestrator replica restarted");
        }));
    }

    /** One scenario: a campaign of environments, the fault once a third of them is accepted, the invariants at the end. */
    private void run(String scenario, int environments, Fault fault) throws Exception {
        Campaign campaign = new Campaign(scenario, environments, mode.seed() + scenario.hashCode());
        ChaosReport.Counters before = ChaosReport.Counters.of(api, intake);
        CompletableFuture<Void> submitting = CompletableFuture.runAsync(() -> {
            try {
                campaign.submitAll(api, intake, mode.clients());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        if (fault != null) {
            Awaitility.await(scenario + ": a third of the environments accepted").atMost(Duration.ofMinutes(5))
                    .until(() -> campaign.acceptedSubmissions() >= Math.max(1, environments / 3) || submitting.isDone());
            fault.action().run();
            long faultOver = System.nanoTime();
            awaitEverythingHealthy();
            report.note(scenario, "every process healthy again %.1f s after the fault ended".formatted(
                    (System.nanoTime() - faultOver) / 1e9));
        }
        submitting.get(10, TimeUnit.MINUTES);
        int audited;
        try {
            campaign.awaitSettled(api, store, mode.settle());
            invariants.check(campaign);
        } finally {
            // also after a failure: the next scenario starts with an empty tap and no dead letter of this one
            audited = invariants.auditHoldsEveryMessage();
            if (!scenario.equals("twice")) {
                invariants.deadLettersAreOnlyPoison();
            }
        }
        report.scenario(campaign, fault == null ? "none" : fault.description(), ChaosReport.Counters.of(api, intake).minus(before), audited);
    }

    /** After a fault every process must be healthy again on its own (its health includes the broker and the database). */
    private void awaitEverythingHealthy() {
        for (JavaApp app : system.orchestrators) {
            app.awaitHealthy(ChaosSystem.START);
        }
        for (JavaApp app : system.services.values()) {
            app.awaitHealthy(ChaosSystem.START);
        }
    }

    record Fault(String description, Action action) {
    }

    interface Action {
        void run() throws Exception;
    }
}
