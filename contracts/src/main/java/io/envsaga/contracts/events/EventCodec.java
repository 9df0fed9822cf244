package io.envsaga.contracts.events;

import io.envsaga.contracts.spec.SpecMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.Map;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Turns {@link Event}s into AMQP messages and back: attributes as headers, data as a JSON body. */
public final class EventCodec {

    private static final JsonMapper JSON = SpecMapper.json();

    private EventCodec() {
    }

    public static Message toMessage(Event<?> event) {
        byte[] body = event.data() == null ? "{}".getBytes() : JSON.writeValueAsBytes(event.data());
        var builder = MessageBuilder.withBody(body)
                .setContentType(MessageProperties.CONTENT_TYPE_JSON)
                .setContentEncoding("utf-8")
                .setDeliveryMode(MessageDeliveryMode.PERSISTENT)
                .setMessageId(event.id())
                .setType(event.type().cloudEventType())
                .setTimestamp(Date.from(event.time()))
                .setHeader(EventHeaders.ID, event.id())
                .setHeader(EventHeaders.SOURCE, event.source())
                .setHeader(EventHeaders.SPEC_VERSION, EventHeaders.SPEC_VERSION_VALUE)
                .setHeader(EventHeaders.TYPE, event.type().cloudEventType())
                .setHeader(EventHeaders.SUBJECT, event.subject())
                .setHeader(EventHeaders.TIME, event.time().toString())
                .setHeader(EventHeaders.GENERATION, event.generation());
        if (event.sagaId() != null) {
            builder.setHeader(EventHeaders.SAGA_ID, event.sagaId());
        }
        if (event.step() != null) {
            builder.setHeader(EventHeaders.STEP, event.step().id());
        }
        return builder.build();
    }

    /** Reads an event; anything that is not one is an {@link UnreadableEventException}. */
    public static Event<?> fromMessage(Message message) {
        Map<String, Object> headers = message.getMessageProperties().getHeaders();
        String typeName = requiredHeader(headers, EventHeaders.TYPE);
        EventType type = EventType.ofCloudEventType(typeName)
                .orElseThrow(() -> new UnreadableEventException("unknown event type '" + typeName + "'"));
        if (type.payloadType() == null) {
            throw new UnreadableEventException(type + " carries a spec document, not an event body");
        }
        Instant time;
        try {
            time = Instant.parse(requiredHeader(headers, EventHeaders.TIME));
        } catch (DateTimeParseException e) {
            throw new UnreadableEventException("header " + EventHeaders.TIME + " is not an RFC 3339 time");
        }
        long generation;
        try {
            generation = Long.parseLong(requiredHeader(headers, EventHeaders.GENERATION));
        } catch (NumberFormatException e) {
            throw new UnreadableEventException("header " + EventHeaders.GENERATION + " is not a number");
        }
        Step step = null;
        Object stepHeader = headers.get(EventHeaders.STEP);
        if (stepHeader != null) {
            try {
                step = Step.of(stepHeader.toString());
            } catch (IllegalArgumentException e) {
                throw new UnreadableEventException(e.getMessage());
            }
        }
        Object data;
        try {
            data = JSON.readValue(message.getBody(), type.payloadType());
        } catch (JacksonException e) {
            throw new UnreadableEventException("body of " + type.cloudEventType() + " does not parse: " + e.getOriginalMessage(), e);
        }
        Object sagaId = headers.get(EventHeaders.SAGA_ID);
        try {
            return new Event<>(requiredHeader(headers, EventHeaders.ID), type, requiredHeader(headers, EventHeaders.SOURCE),
                    requiredHeader(headers, EventHeaders.SUBJECT), time, sagaId == null ? null : sagaId.toString(),
                    generation, step, data);
        } catch (IllegalArgumentException e) {
            throw new UnreadableEventException(e.getMessage());
        }
    }

    private static String requiredHeader(Map<String, Object> headers, String name) {
        Object value = headers.get(name);
        if (value == null) {
            throw new UnreadableEventException("header " + name + " is missing");
        }
        return value.toString();
    }
}
