package io.envsaga.orchestrator;

import static io.envsaga.testsupport.bus.BusProbe.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.spec.SpecMapper;
import io.envsaga.simulation.bus.ScriptedStepServices;
import io.envsaga.testsupport.bus.BusProbe;
import io.envsaga.testsupport.services.PostgresExtension;
import io.envsaga.testsupport.services.RabbitMqExtension;
import io.envsaga.testsupport.tracing.SpanRecorder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * One trace for one saga, on the real broker and PostgreSQL with scripted step services (which answer
 * in their command's trace): the REST submission at its root, the commands the outbox dispatcher
 * published later in it, the answers' handling and the outcome; the trace id is what GET and the
 * history report (docs/operations.md, "Tracing"). The step services' own spans: ParticipantTracingIT.
 */
class TracingIT {

    @RegisterExtension
    static final RabbitMqExtension rabbit = new RabbitMqExtension();
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    static final SpanRecorder spans = new SpanRecorder();
    static OrchestratorHarness orchestrator;
    static ScriptedStepServices steps;

    @BeforeAll
    static void start() {
        orchestrator = new OrchestratorHarness(rabbit, postgres);
        Map<String, String> properties = new HashMap<>(SpanRecorder.properties());
        properties.put("envsaga.orchestrator.tracing.url-template", "https://tempo.example/trace/{traceId}");
        orchestrator.start(properties, List.of(spans.initializer()));
        steps = new ScriptedStepServices(rabbit.connectionFactory(), rabbit.topology());
    }

    @AfterAll
    static void stop() {
        steps.close();
        orchestrator.stop();
    }

    @Test
    void oneSagaIsOneTraceFromTheSubmissionToTheOutcomeAndGetNamesIt() {
        try (BusProbe probe = rabbit.probe()) {
            assertThat(orchestrator.submit(OrchestratorHarness.spec("traced", "ghcr.io/skkuding/codedang-frontend:v1")).statusCode()).isEqualTo(202);
            probe.await(ofType(EventType.ENVIRONMENT_READY, "traced", 1));
        }
        JsonNode view = SpecMapper.json().readTree(orchestrator.get("/api/v1/environments/traced").body());
        String traceId = view.path("traceId").asString();
        assertThat(traceId).matches("[0-9a-f]{32}");
        assertThat(view.path("traceUrl").asString()).isEqualTo("https://tempo.example/trace/" + traceId);

        SpanData ready = Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> spans.find("publish environment.ready", "envsaga.environment", "traced"), java.util.Optional::isPresent).get();
        assertThat(ready.getTraceId()).as("the outcome is in the saga's trace").isEqualTo(traceId);
        List<SpanData> trace = spans.trace(traceId);
        SpanData root = trace.stream().filter(s -> !s.getParentSpanContext().isValid()).findFirst().orElseThrow();
        assertThat(root.getKind()).as("the REST request is the root").isEqualTo(SpanKind.SERVER);
        assertThat(trace).filteredOn(s -> s.getName().equals("publish environment.requested")).as("the command, published by the dispatcher thread")
                .hasSize(1);
        assertThat(trace).filteredOn(s -> s.getName().startsWith("saga answer step.")).as("each step's answer handled in the trace")
                .hasSizeGreaterThanOrEqualTo(1);
        assertThat(trace.stream().map(SpanData::getName)).contains("publish environment.ready");

        JsonNode history = SpecMapper.json().readTree(orchestrator.get("/api/v1/environments/traced/history").body());
        assertThat(history.size()).isGreaterThan(5);
        history.forEach(record -> assertThat(record.path("traceId").asString()).as("history record %s", record.path("routingKey").asString())
                .isEqualTo(traceId));
    }
}
