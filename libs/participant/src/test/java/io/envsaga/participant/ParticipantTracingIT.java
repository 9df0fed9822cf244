package io.envsaga.participant;

import static io.envsaga.testsupport.bus.BusProbe.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventCodec;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Payloads;
import io.envsaga.contracts.events.TraceContext;
import io.envsaga.testsupport.bus.BusProbe;
import io.envsaga.testsupport.services.RabbitMqExtension;
import io.envsaga.testsupport.tracing.SpanRecorder;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A step's handling of a command is a span under the command's publication, and its answer continues
 * the trace, on the real broker; the context travels in the message, so a command that waited in the
 * queue while the service was down continues the same trace (docs/operations.md, "Tracing").
 */
class ParticipantTracingIT {

    @RegisterExtension
    static final RabbitMqExtension rabbit = new RabbitMqExtension();

    private SpanRecorder spans = new SpanRecorder();
    private ConfigurableApplicationContext service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void theHandlingIsASpanUnderTheCommandAndTheAnswerContinuesTheTrace() {
        service = start();
        assertTraced("ok-traced", new TraceContext("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", null));
    }

    @Test
    void theTraceSurvivesTheBrokerACommandConsumedAfterARestartContinuesIt() {
        service = start(); // declares the step's queue
        service.close();
        service = null;
        try (BusProbe probe = rabbit.probe()) {
            TraceContext command = new TraceContext("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "vendor=1");
            publish(command, "ok-restarted");
            // a new process as far as the trace goes: nothing of it was in memory (and a recorder of its own: closing the
            // first context shut the first recorder's exporter down, as the SDK does with every exporter)
            spans = new SpanRecorder();
            service = start();
            assertAnswered(probe, "ok-restarted", command);
        }
    }

    private void assertTraced(String environment, TraceContext command) {
        try (BusProbe probe = rabbit.probe()) {
            publish(command, environment);
            assertAnswered(probe, environment, command);
        }
    }

    private void assertAnswered(BusProbe probe, String environment, TraceContext command) {
        Event<?> answer = probe.await(ofType(EventType.STEP_SUCCEEDED, environment, 1));
        String traceId = command.traceId();
        assertThat(answer.trace()).isNotNull();
        assertThat(answer.trace().traceId()).as("the answer's traceparent").isEqualTo(traceId);
        SpanData handling = Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> spans.find("step dns apply", "envsaga.environment", environment), java.util.Optional::isPresent).get();
        SpanData publish = Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> spans.find("publish step.dns.succeeded", "envsaga.environment", environment), java.util.Optional::isPresent).get();
        assertThat(handling.getTraceId()).isEqualTo(traceId);
        assertThat(handling.getParentSpanId()).as("a child of the command's span").isEqualTo(command.traceparent().substring(36, 52));
        assertThat(SpanRecorder.isChildOf(publish, handling)).as("the answer is published inside the handling").isTrue();
        assertThat(answer.trace().traceparent()).contains(publish.getSpanId());
    }

    private void publish(TraceContext trace, String environment) {
        Event<?> command = Event.of(EventType.ENVIRONMENT_REQUESTED, "/test", environment, "saga-" + environment, 1, null,
                new Payloads.EnvironmentRequested(io.envsaga.simulation.specs.TestSpecs.preview(environment, "ghcr.io/skkuding/codedang-frontend:pr-1")))
                .withTrace(trace);
        rabbit.rabbitTemplate().send(rabbit.topology().eventsExchange(), command.routingKey(), EventCodec.toMessage(command));
    }

    private ConfigurableApplicationContext start() {
        List<String> args = new ArrayList<>(List.of(rabbit.springArguments()));
        args.addAll(List.of("--spring.application.name=scripted-dns", "--spring.main.banner-mode=off", "--test.instance=traced"));
        SpanRecorder.properties().forEach((k, v) -> args.add("--" + k + "=" + v));
        return new SpringApplicationBuilder(ScriptedStepApp.class).initializers(spans.initializer()).run(args.toArray(String[]::new));
    }
}
