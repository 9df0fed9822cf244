package io.envsaga.orchestrator.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.bus.EventSource;
import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventCodec;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Payloads;
import io.envsaga.contracts.spec.SpecMapper;
import io.envsaga.simulation.specs.TestSpecs;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;

/** An outbox row goes to the broker with its stored JSON as the body, unparsed, and reads back as the payload. */
class OutboxMessageTest {

    @Test
    void theStoredJsonIsTheBodyAndReadsBackAsThePayload() {
        Payloads.EnvironmentRequested payload = new Payloads.EnvironmentRequested(TestSpecs.preview("outbox-raw", "ghcr.io/envsaga/app:1"));
        String stored = SpecMapper.json().writeValueAsString(payload);
        OutboxMessage row = new OutboxMessage(7, "m-1", EventType.ENVIRONMENT_REQUESTED, "outbox-raw", 3, "saga-3", null, stored,
                Instant.parse("2026-11-23T10:00:00Z"), null);

        Message message = EventCodec.toMessage(row.toEvent(new EventSource("/envsaga/orchestrator")));

        assertThat(new String(message.getBody(), StandardCharsets.UTF_8)).isEqualTo(stored);
        Event<?> read = EventCodec.fromMessage(message);
        assertThat(read.data()).isEqualTo(payload);
        assertThat(read.id()).isEqualTo("m-1");
        assertThat(read.generation()).isEqualTo(3);
        assertThat(read.sagaId()).isEqualTo("saga-3");
        assertThat(read.subject()).isEqualTo("outbox-raw");
    }
}
