package io.envsaga.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envsaga.contracts.spec.SpecMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;

/** The header mapping in both directions: what envsaga writes, and every way of writing an event it reads. */
class EventCodecTest {

    static final String SAGA = "6d1f3c0e-4b7a-4f55-9a63-2c1e8f0b9d42";
    static final Event<Payloads.StepFailed> FAILED = new Event<>("id-1", EventType.STEP_FAILED, "/envsaga/workload-service",
            "codedang-pr-1", Instant.parse("2026-11-22T09:30:05Z"), SAGA, 3, Step.WORKLOADS, null,
            new Payloads.StepFailed(Step.WORKLOADS, "ImagePullBackOff", false, CommandKind.APPLY));
    static final byte[] FAILED_BODY = "{\"step\":\"workloads\",\"reason\":\"ImagePullBackOff\",\"retryable\":false,\"command\":\"apply\"}"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void writesEveryAttributeWithBothPrefixesAndTheOldExtensionNames() {
        Map<String, Object> headers = EventCodec.toMessage(FAILED).getMessageProperties().getHeaders();
        for (String prefix : new String[] {"cloudEvents_", "ce-"}) {
            assertThat(headers)
                    .containsEntry(prefix + "id", "id-1")
                    .containsEntry(prefix + "source", "/envsaga/workload-service")
                    .containsEntry(prefix + "specversion", "1.0")
                    .containsEntry(prefix + "type", "io.envsaga.step.failed")
                    .containsEntry(prefix + "subject", "codedang-pr-1")
                    .containsEntry(prefix + "time", "2026-11-22T09:30:05Z")
                    .containsEntry(prefix + "sagaid", SAGA)
                    .containsEntry(prefix + "generation", 3L)
                    .containsEntry(prefix + "step", "workloads");
        }
        assertThat(headers).containsEntry("ce-datacontenttype", "application/json")
                .containsEntry("sagaId", SAGA).containsEntry("generation", 3L).containsEntry("step", "workloads")
                .hasSize(9 * 2 + 1 + 3);
        assertThat(EventCodec.fromMessage(EventCodec.toMessage(FAILED))).isEqualTo(FAILED);
    }

    @Test
    void writesAndReadsTheTraceContextAsTheCloudEventsTracingExtension() {
        TraceContext trace = new TraceContext("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "envsaga=1");
        Event<?> traced = FAILED.withTrace(trace);
        Map<String, Object> headers = EventCodec.toMessage(traced).getMessageProperties().getHeaders();
        for (String prefix : new String[] {"cloudEvents_", "ce-"}) {
            assertThat(headers).containsEntry(prefix + "traceparent", trace.traceparent()).containsEntry(prefix + "tracestate", "envsaga=1");
        }
        assertThat(EventCodec.fromMessage(EventCodec.toMessage(traced)).trace()).isEqualTo(trace);
        assertThat(trace.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(EventCodec.toMessage(FAILED).getMessageProperties().getHeaders()).doesNotContainKeys("cloudEvents_traceparent", "ce-traceparent");
        assertThat(EventCodec.fromMessage(EventCodec.toMessage(FAILED)).trace()).isNull();
        // what a W3C-only client (the SDK's ce- prefix) writes is read; a malformed traceparent is no context, not an unreadable event
        assertThat(TraceContext.read(Map.of("ce-traceparent", trace.traceparent()))).isEqualTo(new TraceContext(trace.traceparent(), null));
        assertThat(TraceContext.read(Map.of("cloudEvents_traceparent", "not-a-traceparent"))).isNull();
    }

    @Test
    void readsWhatTheSdksSpringConverterWrites() {
        // the SDK writes every value as a string, ce- prefixed, and no AMQP type or message id
        Message message = message(Map.of("ce-id", "id-1", "ce-source", "/envsaga/workload-service", "ce-specversion", "1.0",
                "ce-type", "io.envsaga.step.failed", "ce-subject", "codedang-pr-1", "ce-time", "2026-11-22T09:30:05Z",
                "ce-sagaid", SAGA, "ce-generation", "3", "ce-step", "workloads", "ce-datacontenttype", "application/json"));
        assertThat(EventCodec.fromMessage(message)).isEqualTo(FAILED);
    }

    @Test
    void readsTheAmqpBindingsOtherPrefix() {
        Message message = message(Map.of("cloudEvents:id", "id-1", "cloudEvents:source", "/envsaga/workload-service",
                "cloudEvents:specversion", "1.0", "cloudEvents:type", "io.envsaga.step.failed", "cloudEvents:subject", "codedang-pr-1",
                "cloudEvents:time", "2026-11-22T09:30:05Z", "cloudEvents:sagaid", SAGA, "cloudEvents:generation", 3,
                "cloudEvents:step", "workloads"));
        assertThat(EventCodec.fromMessage(message)).isEqualTo(FAILED);
    }

    @Test
    void readsWhatThePreviousReleaseWrote() {
        // 0.1: cloudEvents_ attributes, extensions unprefixed and sagaId in camel case (still in queues during an upgrade)
        Message message = message(Map.of("cloudEvents_id", "id-1", "cloudEvents_source", "/envsaga/workload-service",
                "cloudEvents_specversion", "1.0", "cloudEvents_type", "io.envsaga.step.failed", "cloudEvents_subject", "codedang-pr-1",
                "cloudEvents_time", "2026-11-22T09:30:05Z", "sagaId", SAGA, "generation", 3L, "step", "workloads"));
        assertThat(EventCodec.fromMessage(message)).isEqualTo(FAILED);
    }

    @Test
    void aStepFailureSaysWhichCommandFailed() {
        assertThat(new String(EventCodec.toMessage(FAILED).getBody(), StandardCharsets.UTF_8)).isEqualTo(new String(FAILED_BODY, StandardCharsets.UTF_8));
        for (CommandKind kind : CommandKind.values()) {
            assertThat(CommandKind.of(kind.command())).isEqualTo(kind);
            Message message = messageWithBody(("{\"step\":\"cache\",\"reason\":\"x\",\"retryable\":true,\"command\":\"" + kind.id() + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(((Payloads.StepFailed) EventCodec.fromMessage(message).data()).command()).isEqualTo(kind);
        }
        assertThat(CommandKind.values()).extracting(CommandKind::id).containsExactly("apply", "rollback", "deletion");
    }

    @Test
    void aStepFailureOfAnOlderServiceHasNoCommand() {
        // a step service of the previous release, during a rolling upgrade: the orchestrator guesses (docs/events.md)
        Message message = messageWithBody("{\"step\":\"workloads\",\"reason\":\"ImagePullBackOff\",\"retryable\":false}"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(EventCodec.fromMessage(message).data())
                .isEqualTo(new Payloads.StepFailed(Step.WORKLOADS, "ImagePullBackOff", false, null));
    }

    /** StepFailed as the previous release knew it. */
    record PreviousStepFailed(Step step, String reason, boolean retryable) {
    }

    @Test
    void theReaderOfThePreviousReleaseReadsAFailureWithCommand() {
        // an orchestrator of the previous release, during a rolling upgrade: the same mapper, a StepFailed without command
        assertThat(SpecMapper.json().readValue(FAILED_BODY, PreviousStepFailed.class))
                .isEqualTo(new PreviousStepFailed(Step.WORKLOADS, "ImagePullBackOff", false));
    }

    @Test
    void aReleaseSaysWhichCommandItAnswers() {
        for (CommandKind kind : List.of(CommandKind.ROLLBACK, CommandKind.DELETION)) {
            Event<Payloads.StepReleased> released = new Event<>("id-2", EventType.STEP_RELEASED, "/envsaga/cache-service", "codedang-pr-1",
                    Instant.parse("2026-11-22T09:30:06Z"), SAGA, 3, Step.CACHE, null, new Payloads.StepReleased(Step.CACHE, kind));
            Message message = EventCodec.toMessage(released);
            assertThat(new String(message.getBody(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"step\":\"cache\",\"command\":\"" + kind.id() + "\"}");
            assertThat(EventCodec.fromMessage(message)).isEqualTo(released);
        }
    }

    @Test
    void aReleaseOfAnOlderServiceHasNoCommand() {
        // a step service of the previous release, during a rolling upgrade: the orchestrator reads it as before (docs/events.md)
        Message message = MessageBuilder.withBody("{\"step\":\"cache\"}".getBytes(StandardCharsets.UTF_8)).build();
        EventCodec.toMessage(new Event<>("id-2", EventType.STEP_RELEASED, "/envsaga/cache-service", "codedang-pr-1",
                Instant.parse("2026-11-22T09:30:06Z"), SAGA, 3, Step.CACHE, null, new Payloads.StepReleased(Step.CACHE, CommandKind.ROLLBACK)))
                .getMessageProperties().getHeaders().forEach(message.getMessageProperties()::setHeader);
        assertThat(EventCodec.fromMessage(message).data()).isEqualTo(new Payloads.StepReleased(Step.CACHE, null));
    }

    /** StepReleased as the previous release knew it. */
    record PreviousStepReleased(Step step) {
    }

    @Test
    void theReaderOfThePreviousReleaseReadsAReleaseWithCommand() {
        assertThat(SpecMapper.json().readValue("{\"step\":\"cache\",\"command\":\"deletion\"}", PreviousStepReleased.class))
                .isEqualTo(new PreviousStepReleased(Step.CACHE));
    }

    @Test
    void anUnknownCommandMakesTheFailureUnreadable() {
        Message message = messageWithBody("{\"step\":\"workloads\",\"reason\":\"x\",\"retryable\":false,\"command\":\"release\"}"
                .getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> EventCodec.fromMessage(message))
                .isInstanceOf(UnreadableEventException.class)
                .hasMessageContaining("body of io.envsaga.step.failed does not parse")
                .hasMessageContaining("unknown command 'release' (apply, rollback or deletion)");
    }

    private static Message messageWithBody(byte[] body) {
        MessageBuilder builder = MessageBuilder.withBody(body);
        EventCodec.toMessage(FAILED).getMessageProperties().getHeaders().forEach(builder::setHeader);
        return builder.build();
    }

    @Test
    void anOffsetTimeIsTheSameInstant() {
        Map<String, Object> headers = new java.util.HashMap<>(EventCodec.toMessage(FAILED).getMessageProperties().getHeaders());
        headers.put("cloudEvents_time", "2026-11-22t18:30:05+09:00");
        headers.put("ce-time", "2026-11-22t18:30:05+09:00");
        assertThat(EventCodec.fromMessage(message(headers)).time()).isEqualTo(FAILED.time());
    }

    @Test
    void prefixesThatDisagreeMakeTheMessageUnreadable() {
        // an SDK reader would see generation 4, envsaga 3: neither may act on it
        Map<String, Object> headers = new java.util.HashMap<>(EventCodec.toMessage(FAILED).getMessageProperties().getHeaders());
        headers.put("ce-generation", "4");
        assertThatThrownBy(() -> EventCodec.fromMessage(message(headers)))
                .isInstanceOf(UnreadableEventException.class)
                .hasMessage("headers cloudEvents_generation and ce-generation disagree: '3' and '4'");
        headers.put("ce-generation", "3");
        headers.put("step", "dns");
        assertThatThrownBy(() -> EventCodec.fromMessage(message(headers)))
                .isInstanceOf(UnreadableEventException.class)
                .hasMessageContaining("cloudEvents_step and step disagree");
    }

    @Test
    void aMissingAttributeNamesEveryHeaderItWasLookedFor() {
        Map<String, Object> headers = new java.util.HashMap<>(EventCodec.toMessage(FAILED).getMessageProperties().getHeaders());
        headers.keySet().removeIf(h -> h.endsWith("generation"));
        assertThatThrownBy(() -> EventCodec.fromMessage(message(headers)))
                .isInstanceOf(UnreadableEventException.class)
                .hasMessage("attribute generation is missing (header cloudEvents_generation, cloudEvents:generation, ce-generation, generation)");
    }

    @Test
    void anotherSpecVersionIsRefused() {
        Map<String, Object> headers = new java.util.HashMap<>(EventCodec.toMessage(FAILED).getMessageProperties().getHeaders());
        headers.keySet().removeIf(h -> h.endsWith("specversion"));
        headers.put("ce-specversion", "0.3");
        assertThatThrownBy(() -> EventCodec.fromMessage(message(headers)))
                .isInstanceOf(UnreadableEventException.class).hasMessageContaining("'0.3' is not 1.0");
    }

    private static Message message(Map<String, ?> headers) {
        MessageBuilder builder = MessageBuilder.withBody(FAILED_BODY);
        headers.forEach(builder::setHeader);
        return builder.build();
    }
}
