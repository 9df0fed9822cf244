package io.envsaga.contracts.events;

import io.envsaga.contracts.spec.SpecMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns {@link Event}s into AMQP messages and back: attributes as headers (named by
 * {@link EventHeaders}), data as a JSON body.
 */
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
                .setTimestamp(Date.from(event.time()));
        headersOf(event).forEach(builder::setHeader);
        return builder.build();
    }

    /** The headers of an event's message (see {@link EventHeaders} for the names). */
    public static Map<String, Object> headersOf(Event<?> event) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(EventHeaders.ATTR_ID, event.id());
        attributes.put(EventHeaders.ATTR_SOURCE, event.source());
        attributes.put(EventHeaders.ATTR_SPEC_VERSION, EventHeaders.SPEC_VERSION_VALUE);
        attributes.put(EventHeaders.ATTR_TYPE, event.type().cloudEventType());
        attributes.put(EventHeaders.ATTR_SUBJECT, event.subject());
        attributes.put(EventHeaders.ATTR_TIME, event.time().toString());
        attributes.put(EventHeaders.ATTR_SAGA_ID, event.sagaId());
        attributes.put(EventHeaders.ATTR_GENERATION, event.generation());
        attributes.put(EventHeaders.ATTR_STEP, event.step() == null ? null : event.step().id());
        attributes.put(EventHeaders.ATTR_CLUSTER, event.cluster());
        if (event.trace() != null) {
            attributes.putAll(event.trace().fields());
        }
        Map<String, Object> headers = EventHeaders.of(attributes);
        headers.put(EventHeaders.SDK_DATA_CONTENT_TYPE, MessageProperties.CONTENT_TYPE_JSON);
        return headers;
    }

    /** Reads an event; anything that is not one is an {@link UnreadableEventException}. */
    public static Event<?> fromMessage(Message message) {
        Map<String, Object> headers = message.getMessageProperties().getHeaders();
        String typeName = required(headers, EventHeaders.ATTR_TYPE);
        EventType type = EventType.ofCloudEventType(typeName)
                .orElseThrow(() -> new UnreadableEventException("unknown event type '" + typeName + "'"));
        if (type.payloadType() == null) {
            throw new UnreadableEventException(type + " carries a spec document, not an event body");
        }
        String specVersion = EventHeaders.read(headers, EventHeaders.ATTR_SPEC_VERSION).orElse(EventHeaders.SPEC_VERSION_VALUE);
        if (!EventHeaders.SPEC_VERSION_VALUE.equals(specVersion)) {
            throw new UnreadableEventException("CloudEvents specversion '" + specVersion + "' is not 1.0");
        }
        Instant time;
        try {
            // RFC 3339: an offset other than Z is allowed, and so is a lower-case 't' or 'z'
            time = OffsetDateTime.parse(required(headers, EventHeaders.ATTR_TIME).toUpperCase()).toInstant();
        } catch (DateTimeParseException e) {
            throw new UnreadableEventException("attribute time is not an RFC 3339 time");
        }
        long generation;
        try {
            generation = Long.parseLong(required(headers, EventHeaders.ATTR_GENERATION));
        } catch (NumberFormatException e) {
            throw new UnreadableEventException("attribute generation is not a number");
        }
        Step step = null;
        String stepId = EventHeaders.read(headers, EventHeaders.ATTR_STEP).orElse(null);
        if (stepId != null) {
            try {
                step = Step.of(stepId);
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
        String sagaId = EventHeaders.read(headers, EventHeaders.ATTR_SAGA_ID).orElse(null);
        String cluster = EventHeaders.read(headers, EventHeaders.ATTR_CLUSTER).orElse(null);
        try {
            return new Event<>(required(headers, EventHeaders.ATTR_ID), type, required(headers, EventHeaders.ATTR_SOURCE),
                    required(headers, EventHeaders.ATTR_SUBJECT), time, sagaId, generation, step, cluster, data, TraceContext.read(headers));
        } catch (IllegalArgumentException e) {
            throw new UnreadableEventException(e.getMessage());
        }
    }

    private static String required(Map<String, Object> headers, String attribute) {
        return EventHeaders.read(headers, attribute).orElseThrow(() -> new UnreadableEventException(
                "attribute " + attribute + " is missing (header " + String.join(", ", EventHeaders.namesOf(attribute)) + ")"));
    }
}
