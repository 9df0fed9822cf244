package io.envsaga.participant;

import static io.envsaga.testsupport.bus.BusProbe.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.events.CommandKind;
import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventCodec;
import io.envsaga.contracts.events.EventHeaders;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Payloads;
import io.envsaga.contracts.events.Step;
import io.envsaga.contracts.spec.Environment;
import io.envsaga.testsupport.bus.BusProbe;
import io.envsaga.testsupport.services.RabbitMqExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The participant library against the real broker, with a scripted step (see {@link ScriptedStepApp}). */
class ParticipantIT {

    @RegisterExtension
    static final RabbitMqExtension rabbit = new RabbitMqExtension();

    private static ConfigurableApplicationContext service;
    private BusProbe probe;
    private RabbitTemplate template;

    @BeforeAll
    static void startService() {
        service = start("main", false);
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
        }
    }

    @BeforeEach
    void setUp() {
        probe = rabbit.probe();
        template = rabbit.rabbitTemplate();
        ScriptedStepApp.CALLS.clear();
    }

    @AfterEach
    void tearDown() {
        probe.close();
    }

    @Test
    void aSampleStepAnswersSucceededWithItsOutputs() {
        String saga = request("ok-sample", 1);

        Event<?> succeeded = probe.await(ofType(EventType.STEP_SUCCEEDED, "ok-sample", 1));

        assertThat(succeeded.routingKey()).isEqualTo("step.dns.succeeded");
        assertThat(succeeded.sagaId()).isEqualTo(saga);
        assertThat(succeeded.step()).isEqualTo(Step.DNS);
        assertThat(((Payloads.StepSucceeded) succeeded.data()).outputs()).containsEntry("record", "ok-sample.codedang.com");
        Message raw = probe.messages().stream()
                .filter(m -> "step.dns.succeeded".equals(m.getMessageProperties().getReceivedRoutingKey())).findFirst().orElseThrow();
        assertThat(raw.getMessageProperties().getHeaders())
                .containsEntry(EventHeaders.SPEC_VERSION, "1.0")
                .containsEntry(EventHeaders.TYPE, "io.envsaga.step.succeeded")
                .containsEntry(EventHeaders.SUBJECT, "ok-sample")
                .containsEntry(EventHeaders.SAGA_ID, saga)
                .containsKey(EventHeaders.ID)
                .containsKey(EventHeaders.SOURCE)
                .containsKey(EventHeaders.TIME);
    }

    @Test
    void aStepServiceOfAClusterTakesItsClustersCommandsOnlyAndAnswersWithItsCluster() {
        List<String> args = new ArrayList<>(List.of(rabbit.springArguments()));
        args.addAll(arguments("stage", false));
        args.add("--envsaga.participant.cluster=stage");
        org.springframework.amqp.rabbit.core.RabbitAdmin admin = rabbit.admin();
        // production's queue, as the orchestrator declares it: nobody of this test consumes it
        io.envsaga.simulation.bus.Declarations.declare(admin, rabbit.topology().forStep(Step.DNS, "production"));
        try (ConfigurableApplicationContext stage = new SpringApplicationBuilder(ScriptedStepApp.class).run(args.toArray(String[]::new))) {
            String production = rabbit.topology().stepQueue(Step.DNS, "production");
            publish(Event.of(EventType.ENVIRONMENT_REQUESTED, "/test", "ok-production", "saga-p", 1, null,
                    new Payloads.EnvironmentRequested(spec("ok-production"))).onCluster("production"));
            publish(Event.of(EventType.ENVIRONMENT_REQUESTED, "/test", "ok-stage", "saga-s", 1, null,
                    new Payloads.EnvironmentRequested(spec("ok-stage"))).onCluster("stage"));
            publish(Event.of(EventType.ENVIRONMENT_REQUESTED, "/test", "ok-default", "saga-d", 1, null,
                    new Payloads.EnvironmentRequested(spec("ok-default"))));

            Event<?> stageAnswer = probe.await(ofType(EventType.STEP_SUCCEEDED, "ok-stage", 1));
            probe.await(ofType(EventType.STEP_SUCCEEDED, "ok-default", 1));

            assertThat(stageAnswer.cluster()).isEqualTo("stage");
            assertThat(stageAnswer.routingKey()).isEqualTo("step.dns.succeeded");
            assertThat(ScriptedStepApp.CALLS).extracting(ScriptedStepApp.Call::instance, ScriptedStepApp.Call::environment)
                    .contains(org.assertj.core.groups.Tuple.tuple("stage", "ok-stage"), org.assertj.core.groups.Tuple.tuple("main", "ok-default"))
                    .doesNotContain(org.assertj.core.groups.Tuple.tuple("stage", "ok-default"), org.assertj.core.groups.Tuple.tuple("main", "ok-stage"))
                    .extracting(t -> t.toArray()[1]).doesNotContain("ok-production");
            assertThat(admin.getQueueInfo(production).getMessageCount()).as("production's command waits for production's service").isEqualTo(1);
            assertThat(admin.getQueueInfo(rabbit.topology().stepQueue(Step.DNS, "stage")).getMessageCount()).isZero();
        } finally {
            rabbit.topology().allQueues(List.of("stage", "production")).forEach(admin::deleteQueue);
        }
    }

    @Test
    void logLinesCarryTheEnvironmentSagaAndGeneration() {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(StepRunner.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender = new ch.qos.logback.core.read.ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            String saga = request("ok-logged", 7);
            probe.await(ofType(EventType.STEP_SUCCEEDED, "ok-logged", 7));

            assertThat(appender.list).isNotEmpty().allSatisfy(line -> assertThat(line.getMDCPropertyMap())
                    .containsEntry("environment", "ok-logged").containsEntry("sagaId", saga).containsEntry("generation", "7"));
            assertThat(service.getEnvironment().getProperty("logging.pattern.correlation"))
                    .contains("%X{environment", "%X{sagaId", "%X{generation");
        } finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void releaseAnswersReleased() {
        publish(command(EventType.ENVIRONMENT_DELETION_REQUESTED, "ok-gone", 3));

        probe.await(ofType(EventType.STEP_RELEASED, "ok-gone", 3));

        assertThat(ScriptedStepApp.CALLS).extracting(ScriptedStepApp.Call::command).containsExactly(StepContext.Command.DELETE);
    }

    @Test
    void aTransientErrorIsRetriedAndThenSucceeds() {
        request("flaky-api", 1);

        probe.await(ofType(EventType.STEP_SUCCEEDED, "flaky-api", 1));

        assertThat(ScriptedStepApp.CALLS).extracting(ScriptedStepApp.Call::attempt).containsExactly(1, 2, 3);
        assertThat(probe.events(ofType(EventType.STEP_FAILED, "flaky-api"))).isEmpty();
    }

    @Test
    void retriesGiveUpAfterTheConfiguredAttemptsWithTheLastError() {
        request("broken-api", 1);

        Event<?> failed = probe.await(ofType(EventType.STEP_FAILED, "broken-api", 1));

        Payloads.StepFailed data = (Payloads.StepFailed) failed.data();
        assertThat(data.reason()).isEqualTo("gave up after 4 attempts: API server unreachable");
        assertThat(data.retryable()).isTrue();
        assertThat(ScriptedStepApp.CALLS).hasSize(4);
    }

    @Test
    void aPermanentErrorYieldsFailedWithTheReasonAtOnce() {
        request("bad-image", 1);

        Event<?> failed = probe.await(ofType(EventType.STEP_FAILED, "bad-image", 1));

        Payloads.StepFailed data = (Payloads.StepFailed) failed.data();
        assertThat(data.reason()).isEqualTo("image ghcr.io/skkuding/missing:1 cannot be pulled");
        assertThat(data.retryable()).isFalse();
        assertThat(ScriptedStepApp.CALLS).hasSize(1);
    }

    /** The orchestrator tells an apply's failure from a release's by it (docs/events.md, "command"). */
    @Test
    void aFailureSaysWhichCommandItAnswers() {
        request("bad-apply", 1);
        publish(command(EventType.ENVIRONMENT_ROLLBACK_REQUESTED, "stuck-rollback", 2));
        publish(command(EventType.ENVIRONMENT_DELETION_REQUESTED, "stuck-deletion", 3));
        Environment valid = spec("ok-invalid-deletion");
        Environment invalid = new Environment(valid.apiVersion(), valid.kind(), new io.envsaga.contracts.spec.Metadata("Not_A_Name"),
                valid.spec());
        publish(Event.of(EventType.ENVIRONMENT_DELETION_REQUESTED, "/test", "ok-invalid-deletion", "saga-x", 4, null,
                new Payloads.EnvironmentDeletionRequested(invalid)));

        assertThat(commandOfFailure("bad-apply", 1)).isEqualTo(CommandKind.APPLY);
        assertThat(commandOfFailure("stuck-rollback", 2)).isEqualTo(CommandKind.ROLLBACK);
        assertThat(commandOfFailure("stuck-deletion", 3)).isEqualTo(CommandKind.DELETION);
        assertThat(commandOfFailure("ok-invalid-deletion", 4)).as("a command refused before the step runs").isEqualTo(CommandKind.DELETION);
        Message raw = probe.messages().stream()
                .filter(m -> "step.dns.failed".equals(m.getMessageProperties().getReceivedRoutingKey())
                        && "stuck-rollback".equals(m.getMessageProperties().getHeader(EventHeaders.SUBJECT))).findFirst().orElseThrow();
        assertThat(new String(raw.getBody(), StandardCharsets.UTF_8)).contains("\"command\":\"rollback\"");
    }

    @Test
    void aReleaseSaysWhichCommandItAnswers() {
        publish(command(EventType.ENVIRONMENT_ROLLBACK_REQUESTED, "ok-rolled-back", 1));
        publish(command(EventType.ENVIRONMENT_DELETION_REQUESTED, "ok-deleted", 1));

        assertThat(commandOfRelease("ok-rolled-back", 1)).isEqualTo(CommandKind.ROLLBACK);
        assertThat(commandOfRelease("ok-deleted", 1)).isEqualTo(CommandKind.DELETION);
        Message raw = probe.messages().stream()
                .filter(m -> "step.dns.released".equals(m.getMessageProperties().getReceivedRoutingKey())
                        && "ok-deleted".equals(m.getMessageProperties().getHeader(EventHeaders.SUBJECT))).findFirst().orElseThrow();
        assertThat(new String(raw.getBody(), StandardCharsets.UTF_8)).isEqualTo("{\"step\":\"dns\",\"command\":\"deletion\"}");
    }

    private CommandKind commandOfRelease(String environment, long generation) {
        return ((Payloads.StepReleased) probe.await(ofType(EventType.STEP_RELEASED, environment, generation)).data()).command();
    }

    private CommandKind commandOfFailure(String environment, long generation) {
        return ((Payloads.StepFailed) probe.await(ofType(EventType.STEP_FAILED, environment, generation)).data()).command();
    }

    @Test
    void aRetryingEnvironmentDoesNotHoldUpTheOthers() {
        request("broken-slow", 1);
        request("ok-quick", 1);

        probe.await(ofType(EventType.STEP_SUCCEEDED, "ok-quick", 1));

        // the quick one is done while the broken one still has retries ahead of it
        assertThat(probe.events(ofType(EventType.STEP_FAILED, "broken-slow"))).isEmpty();
        probe.await(ofType(EventType.STEP_FAILED, "broken-slow", 1));
    }

    @Test
    void anUnreadableMessageGoesToTheDeadLetterQueueAndTheNextIsStillProcessed() {
        String queue = rabbit.topology().stepQueue(Step.DNS);
        template.send(rabbit.topology().eventsExchange(), "environment.requested",
                MessageBuilder.withBody("{not json".getBytes(StandardCharsets.UTF_8)).build());
        request("ok-after-garbage", 1);

        probe.await(ofType(EventType.STEP_SUCCEEDED, "ok-after-garbage", 1));
        Message dead = template.receive(rabbit.topology().deadLetterQueue(queue), 10_000);

        assertThat(dead).isNotNull();
        assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).isEqualTo("{not json");
    }

    @Test
    void anInvalidSpecInACommandFailsTheStepWithThePath() {
        Environment spec = spec("ok-invalid");
        Environment broken = new Environment(spec.apiVersion(), spec.kind(), spec.metadata(),
                new io.envsaga.contracts.spec.EnvironmentSpec(spec.spec().tier(), "Not_A_Label", null, spec.spec().dns(), null,
                        List.of(), null, null, null));
        publish(Event.of(EventType.ENVIRONMENT_REQUESTED, "/test", "ok-invalid", "saga-x", 1, null,
                new Payloads.EnvironmentRequested(broken)));

        Event<?> failed = probe.await(ofType(EventType.STEP_FAILED, "ok-invalid", 1));

        assertThat(((Payloads.StepFailed) failed.data()).reason()).contains("spec.namespace");
        assertThat(ScriptedStepApp.CALLS).isEmpty();
    }

    @Test
    void twoInstancesAndABurstOfGenerationsNeverApplyAnOlderAfterANewer() {
        ConfigurableApplicationContext second = start("second", false);
        try {
            for (long generation = 1; generation <= 20; generation++) {
                request("order-burst", generation);
                if (generation == 8) {
                    // the first instance goes away mid-burst: the second takes over the queue
                    CompletableFuture.runAsync(service::close);
                }
            }
            probe.await(ofType(EventType.STEP_SUCCEEDED, "order-burst", 20), Duration.ofMinutes(2));

            List<Long> applied = ScriptedStepApp.CALLS.stream()
                    .filter(c -> c.environment().equals("order-burst")).map(ScriptedStepApp.Call::generation).toList();
            List<String> byInstance = ScriptedStepApp.CALLS.stream().filter(c -> c.environment().equals("order-burst"))
                    .map(c -> c.instance() + ":" + c.generation()).toList();
            assertThat(applied).as("generations applied, in order (instance:generation %s)", byInstance).isSortedAccordingTo(Long::compare);
            assertThat(applied).last().isEqualTo(20L);
            List<Long> reported = probe.events(ofType(EventType.STEP_SUCCEEDED, "order-burst")).stream().map(Event::generation).toList();
            assertThat(reported).isSortedAccordingTo(Long::compare).last().isEqualTo(20L);
        } finally {
            second.close();
            service = start("main", false);
        }
    }

    @Test
    void aConsumerKilledBeforeItsAckGetsTheMessageRedeliveredAndProcessed() throws Exception {
        service.close(); // only the doomed child consumes at first
        Process child = startChildJvm();
        try {
            request("hang-crash", 1);
            awaitLine(child, "APPLYING hang-crash 1");
            child.destroyForcibly(); // SIGKILL: no ack, no nack, no goodbye
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

            service = start("main", false);
            Event<?> succeeded = probe.await(ofType(EventType.STEP_SUCCEEDED, "hang-crash", 1), Duration.ofMinutes(2));

            assertThat(((Payloads.StepSucceeded) succeeded.data()).outputs()).containsEntry("instance", "main");
        } finally {
            child.destroyForcibly();
        }
    }

    // --- helpers

    private static ConfigurableApplicationContext start(String instance, boolean hang) {
        List<String> args = new ArrayList<>(List.of(rabbit.springArguments()));
        args.addAll(arguments(instance, hang));
        return new SpringApplicationBuilder(ScriptedStepApp.class).run(args.toArray(String[]::new));
    }

    private static List<String> arguments(String instance, boolean hang) {
        return List.of("--spring.application.name=scripted-dns", "--spring.main.banner-mode=off",
                "--envsaga.participant.retry.initial-backoff=20ms", "--envsaga.participant.retry.max-backoff=100ms",
                "--envsaga.participant.retry.max-attempts=4", "--test.instance=" + instance, "--test.hang=" + hang);
    }

    private Process startChildJvm() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ScriptedStepApp.class.getName()));
        command.addAll(List.of(rabbit.springArguments()));
        command.addAll(arguments("child", true));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static void awaitLine(Process process, String line) throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Boolean> seen = CompletableFuture.supplyAsync(() -> {
            try {
                for (String l = reader.readLine(); l != null; l = reader.readLine()) {
                    if (l.contains(line)) {
                        return true;
                    }
                }
                return false;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        assertThat(seen.get(90, TimeUnit.SECONDS)).as("child printed '%s'", line).isTrue();
        // keep draining so that the child never blocks on a full pipe
        CompletableFuture.runAsync(() -> {
            try {
                while (reader.readLine() != null) {
                    // discard
                }
            } catch (java.io.IOException ignored) {
                // the child is gone
            }
        });
    }

    private String request(String environment, long generation) {
        String saga = "saga-" + environment + "-" + UUID.randomUUID();
        publish(Event.of(EventType.ENVIRONMENT_REQUESTED, "/test", environment, saga, generation, null,
                new Payloads.EnvironmentRequested(spec(environment))));
        return saga;
    }

    private Event<?> command(EventType type, String environment, long generation) {
        Object data = type == EventType.ENVIRONMENT_DELETION_REQUESTED
                ? new Payloads.EnvironmentDeletionRequested(spec(environment))
                : new Payloads.EnvironmentRollbackRequested(spec(environment));
        return Event.of(type, "/test", environment, "saga-" + environment, generation, null, data);
    }

    private void publish(Event<?> event) {
        template.send(rabbit.topology().eventsExchange(), event.routingKey(), EventCodec.toMessage(event));
    }

    private static Environment spec(String name) {
        return io.envsaga.simulation.specs.TestSpecs.preview(name, "ghcr.io/skkuding/codedang-frontend:pr-1");
    }

    static {
        Awaitility.setDefaultTimeout(Duration.ofMinutes(2)); // bounds a failure; not a target
    }
}
