package io.envsaga.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.envsaga.contracts.events.Step;
import io.envsaga.testsupport.services.PostgresExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /**
     * Two clusters (docs/clusters.md): a stream of environments on each, and every step service of
     * production SIGKILLed once a third of production's is accepted; the rest of production's are
     * submitted while it has none. The default cluster's environments all settle as scripted within
     * the usual bound, with every invariant, while production has no step service; production's
     * sagas wait meanwhile: each submitted after the kill is APPLYING with its four steps (no storage)
     * pending, and its command waits in each of production's step queues. Once production's step
     * services are started again, its environments settle as scripted too. Production's step
     * services each answer as a broker user of their own, counted only for production's environments.
     */
    @Test
    @Order(11)
    void everyStepServiceOfOneClusterKilledTheOtherClusterUnaffected() throws Exception {
        List<JavaApp> production = system.startProduction();
        CompletableFuture<Void> down = new CompletableFuture<>();
        try {
            int environments = mode.perFault();
            Campaign kept = new Campaign("clusters-default", environments, mode.seed() + 11);
            Campaign killed = new Campaign("clusters-production", environments, mode.seed() + 12, ChaosSystem.PRODUCTION);
            // the design: a saga waits for a step until its deadline (4 min here), then fails and rolls back; the rollback's
            // commands wait in the same queues, so an outage longer than that (a slow machine) ends FAILED with everything released
            killed.deadlinesMayPass();
            int beforeKill = Math.max(1, environments / 3);
            ChaosReport.Counters before = ChaosReport.Counters.of(api, intake);
            CompletableFuture<Void> submittingKept = submit(kept, environments, null);
            CompletableFuture<Void> submittingKilled = submit(killed, beforeKill, down);
            Awaitility.await("clusters: a third of production's environments accepted").atMost(Duration.ofMinutes(5))
                    .until(() -> killed.acceptedSubmissions() >= beforeKill);
            for (JavaApp app : production) {
                app.kill();
                report.injected(app.name() + " SIGKILL");
            }
            down.complete(null);
            submittingKept.get(10, TimeUnit.MINUTES);
            submittingKilled.get(10, TimeUnit.MINUTES);

            // the default cluster: as in any scenario, while production has no step service
            kept.awaitSettled(api, store, mode.settle());
            invariants.check(kept);

            // production: its sagas wait, their commands in its queues
            List<String> afterKill = killed.names().subList(beforeKill, environments);
            Awaitility.await("clusters: production's environments submitted after the kill applying, their commands in its queues")
                    .atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                        Map<String, String> phases = store.phases(afterKill);
                        assertThat(phases).as("production's environments submitted after the kill").containsOnlyKeys(afterKill);
                        Set<String> timedOut = store.timedOut(afterKill); // past a step's deadline the saga compensates instead
                        Map<String, Map<String, String>> steps = store.steps(afterKill);
                        for (String name : afterKill) {
                            if (!timedOut.contains(name)) {
                                assertThat(phases.get(name)).as("phase of %s", name).isEqualTo("applying");
                                assertThat(steps.get(name)).as("steps of %s", name)
                                        .containsOnlyKeys(ChaosSystem.PRODUCTION_STEPS.stream().map(Step::id).toArray(String[]::new))
                                        .allSatisfy((step, status) -> assertThat(status).as(step).isEqualTo("PENDING"));
                            }
                        }
                        Map<String, Long> queued = new java.util.TreeMap<>();
                        system.broker.queues().forEach(queue -> queued.put(queue.name(), queue.messages()));
                        for (Step step : ChaosSystem.PRODUCTION_STEPS) {
                            assertThat(queued.get(system.topology.stepQueue(step, ChaosSystem.PRODUCTION)))
                                    .as("commands waiting in production's %s queue", step.id()).isGreaterThanOrEqualTo((long) afterKill.size());
                        }
                    });
            Map<String, String> phases = store.phases(killed.names());
            for (Script script : killed.scripts) {
                // nothing of production's settles otherwise: no deletion was asked, and only a broken image (or a deadline) fails
                assertThat(phases.get(script.name())).as("%s while production has no step service", script.name())
                        .isIn(script.kind() == Script.Kind.BROKEN || store.timedOut(List.of(script.name())).contains(script.name())
                                ? List.of("applying", "rolling_back", "ready", "failed") : List.of("applying", "rolling_back", "ready"));
            }
            report.note("clusters", "while production had no step service: the default cluster's %d environments settled in %.1f s;"
                    .formatted(environments, kept.timeToSettle().toMillis() / 1000.0)
                    + " production's %d submitted after the kill waited, applying".formatted(afterKill.size()));

            long restarting = System.nanoTime();
            system.startProduction();
            report.recovered("production's step services started again");
            report.note("clusters", "production's four step services healthy again %.1f s after their start".formatted(
                    (System.nanoTime() - restarting) / 1e9));
            killed.awaitSettled(api, store, mode.settle());
            invariants.check(killed);
            // and production's return moved nothing of the default cluster's (its dns-service re-points the records it owns at start)
            invariants.check(kept);
            if (!killed.timedOut.isEmpty()) {
                report.note("clusters", "production's outage outlasted the step deadline of " + killed.timedOut
                        + ": failed and released, as the saga compensates");
            }
            int audited = invariants.auditHoldsEveryMessage();
            invariants.deadLettersAreOnlyPoison();
            ChaosReport.Counters counters = ChaosReport.Counters.of(api, intake).minus(before);
            report.scenario(kept, "none on this cluster; every step service of production SIGKILLed", counters, audited);
            report.scenario(killed, "every step service of this cluster SIGKILLed, started again once the default cluster settled",
                    counters, audited);
        } finally {
            down.cancel(false); // after a failure before the kill: the held submissions give up
            for (JavaApp app : production) {
                app.close(); // the other scenarios run without them
            }
        }
    }

    /** Submits a campaign in the background: the first {@code first} environments at once, the others once {@code gate} is done. */
    private CompletableFuture<Void> submit(Campaign campaign, int first, CompletableFuture<Void> gate) {
        return CompletableFuture.runAsync(() -> {
            try {
                campaign.submitAll(api, intake, mode.clients(), first, gate);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
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
