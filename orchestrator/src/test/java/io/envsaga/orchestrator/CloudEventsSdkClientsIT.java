package io.envsaga.orchestrator;

import static io.envsaga.testsupport.bus.BusProbe.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.spring.messaging.CloudEventMessageConverter;
import io.envsaga.contracts.bus.BusTopology;
import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Step;
import io.envsaga.testsupport.bus.BusProbe;
import io.envsaga.testsupport.services.PostgresExtension;
import io.envsaga.testsupport.services.RabbitMqExtension;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitMessagingTemplate;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.amqp.support.converter.MessagingMessageConverter;

/**
 * Clients written with nothing but the official CloudEvents SDK (its Spring messaging converter
 * over Spring AMQP): a CI job submits through the intake, and five step services read the
 * orchestrator's commands and answer them. The orchestrator runs the saga to ready, and files
 * every SDK-written message under the environment in its audit history.
 */
class CloudEventsSdkClientsIT {

    @RegisterExtension
    static final RabbitMqExtension rabbit = new RabbitMqExtension();
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    static OrchestratorHarness orchestrator;
    static final List<SimpleMessageListenerContainer> stepServices = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        RabbitAdmin admin = rabbit.admin();
        for (Step step : Step.values()) {
            for (Declarable declarable : rabbit.topology().forStep(step).getDeclarables()) {
                if (declarable instanceof org.springframework.amqp.core.Exchange e) {
                    admin.declareExchange(e);
                } else if (declarable instanceof org.springframework.amqp.core.Queue q) {
                    admin.declareQueue(q);
                } else if (declarable instanceof org.springframework.amqp.core.Binding b) {
                    admin.declareBinding(b);
                }
            }
        }
        orchestrator = new OrchestratorHarness(rabbit, postgres);
        // the test's own broker user submits (the intake authorises by the broker-validated user_id)
        orchestrator.start(Map.of("envsaga.orchestrator.intake.submitters[0].user", rabbit.endpoint().username(),
                "envsaga.orchestrator.intake.submitters[0].environments[0]", "sdk-*",
                "envsaga.orchestrator.intake.submitters[0].hosts[0]", "*.preview.codedang.com",
                "envsaga.orchestrator.deadlines.steps.cache", "60s", "envsaga.orchestrator.deadlines.default-deadline", "60s"));
    }

    @AfterAll
    static void stop() {
        stepServices.forEach(SimpleMessageListenerContainer::stop);
        orchestrator.stop();
    }

    @Test
    void aSubmissionAndStepAnswersWrittenByTheSdkRunTheSagaToReady() {
        BusTopology topology = rabbit.topology();
        String name = "sdk-written";
        try (BusProbe probe = rabbit.probe()) {
            // five step services: listeners (the step queues allow no basic.get) that read with the SDK, as a @RabbitListener would
            RabbitMessagingTemplate answers = sdkTemplate(rabbit.rabbitTemplate());
            MessagingMessageConverter amqpToMessaging = new MessagingMessageConverter();
            CloudEventMessageConverter sdk = new CloudEventMessageConverter();
            Map<Step, CloudEvent> commands = new ConcurrentHashMap<>();
            for (Step step : Step.values()) {
                SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(rabbit.connectionFactory());
                container.setQueueNames(topology.stepQueue(step));
                container.setMessageListener(message -> {
                    CloudEvent command = (CloudEvent) sdk.fromMessage(
                            (org.springframework.messaging.Message<?>) amqpToMessaging.fromMessage(message), CloudEvent.class);
                    commands.putIfAbsent(step, command);
                    // the SDK's converter needs a header map (null is a NullPointerException in 4.0.1)
                    answers.convertAndSend(topology.eventsExchange(), "step." + step.id() + ".succeeded", answer(step, command),
                            Map.of(AmqpHeaders.USER_ID, rabbit.endpoint().username())); // step answers count only from the step's broker user
                });
                container.start();
                stepServices.add(container);
            }
            submitWithTheSdk(name);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> commands.size() == Step.values().length);

            CloudEvent dnsCommand = commands.get(Step.DNS);
            assertThat(dnsCommand.getType()).isEqualTo(EventType.ENVIRONMENT_REQUESTED.cloudEventType());
            assertThat(dnsCommand.getSubject()).isEqualTo(name);
            assertThat(dnsCommand.getExtension("generation")).isEqualTo("1");
            assertThat(new String(dnsCommand.getData().toBytes(), StandardCharsets.UTF_8)).contains("\"name\":\"" + name + "\"");

            Event<?> ready = probe.await(ofType(EventType.ENVIRONMENT_READY, name, 1));
            assertThat(ready.sagaId()).isEqualTo(dnsCommand.getExtension("sagaid"));
        }
        String history = Awaitility.await().atMost(Duration.ofMinutes(2)).until(
                () -> orchestrator.get("/api/v1/environments/" + name + "/history").body(), h -> h.contains("environment.ready"));
        assertThat(history).contains("environment.submitted").contains("step.dns.succeeded").contains("step.storage.succeeded")
                .contains("/sdk/dns-service");
    }

    private static void submitWithTheSdk(String name) {
        CachingConnectionFactory ci = rabbit.newConnectionFactory();
        try {
            CloudEvent submission = CloudEventBuilder.v1()
                    .withId(UUID.randomUUID().toString())
                    .withSource(URI.create("/ci/sdk-test"))
                    .withType(EventType.ENVIRONMENT_SUBMITTED.cloudEventType())
                    .withSubject(name)
                    .withTime(OffsetDateTime.now())
                    .withDataContentType("application/yaml")
                    .withData(OrchestratorHarness.spec(name, "ghcr.io/skkuding/codedang-frontend:v1").getBytes(StandardCharsets.UTF_8))
                    .build();
            // user_id: the intake trusts only what the broker vouches for
            sdkTemplate(new RabbitTemplate(ci)).convertAndSend(rabbit.topology().intakeExchange(), "environment.submitted", submission,
                    Map.of(AmqpHeaders.USER_ID, rabbit.endpoint().username()));
        } finally {
            ci.destroy();
        }
    }

    private static CloudEvent answer(Step step, CloudEvent command) {
        return CloudEventBuilder.v1()
                .withId(UUID.randomUUID().toString())
                .withSource(URI.create("/sdk/" + step.id() + "-service"))
                .withType(EventType.STEP_SUCCEEDED.cloudEventType())
                .withSubject(command.getSubject())
                .withTime(OffsetDateTime.now())
                .withExtension("sagaid", String.valueOf(command.getExtension("sagaid")))
                .withExtension("generation", Integer.parseInt(String.valueOf(command.getExtension("generation"))))
                .withExtension("step", step.id())
                .withDataContentType("application/json")
                .withData(("{\"step\":\"" + step.id() + "\",\"skipped\":false,\"outputs\":{\"by\":\"sdk\"}}").getBytes(StandardCharsets.UTF_8))
                .build();
    }

    private static RabbitMessagingTemplate sdkTemplate(RabbitTemplate template) {
        RabbitMessagingTemplate messaging = new RabbitMessagingTemplate(template);
        messaging.setMessageConverter(new CloudEventMessageConverter());
        return messaging;
    }
}
