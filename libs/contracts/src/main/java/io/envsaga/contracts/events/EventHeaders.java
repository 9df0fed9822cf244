package io.envsaga.contracts.events;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How CloudEvents attributes travel as AMQP headers (binary content mode), in both directions.
 * See docs/events.md, "Headers", for the reasons behind this set.
 *
 * <p>Written: every attribute twice, with the {@code cloudEvents_} prefix of the CloudEvents AMQP
 * binding (the preferred one) and with {@code ce-}, the only prefix the official Java SDK's
 * Spring messaging reader knows; plus {@code ce-datacontenttype}, where that reader looks for the
 * content type. For one release also the extensions' old names ({@code sagaId}, {@code generation},
 * {@code step}, unprefixed), so that replicas of the previous release read what this one writes.
 *
 * <p>Read: {@code cloudEvents_}, then {@code cloudEvents:} (the binding's other prefix), then
 * {@code ce-}, then an extension's old name. When two of them carry different values the message
 * is unreadable: a reader of one prefix would see another event than a reader of the other.
 */
public final class EventHeaders {

    /** The prefix of the CloudEvents AMQP binding for AMQP 0-9-1 style names: preferred. */
    public static final String PREFIX = "cloudEvents_";
    /** The binding's prefix for AMQP 1.0 application properties (what the SDK's AMQP module writes). */
    public static final String AMQP_PREFIX = "cloudEvents:";
    /** The prefix of the SDK's Spring messaging converter (and of the HTTP and Kafka bindings). */
    public static final String CE_PREFIX = "ce-";
    /** Every prefix read, in order of preference. */
    public static final List<String> PREFIXES = List.of(PREFIX, AMQP_PREFIX, CE_PREFIX);

    public static final String ATTR_ID = "id";
    public static final String ATTR_SOURCE = "source";
    public static final String ATTR_SPEC_VERSION = "specversion";
    public static final String ATTR_TYPE = "type";
    public static final String ATTR_SUBJECT = "subject";
    public static final String ATTR_TIME = "time";
    public static final String ATTR_DATA_CONTENT_TYPE = "datacontenttype";
    /** envsaga's extensions: lower-case letters and digits only, as CloudEvents requires. */
    public static final String ATTR_SAGA_ID = "sagaid";
    public static final String ATTR_GENERATION = "generation";
    public static final String ATTR_STEP = "step";
    /** The cluster of the environment (docs/clusters.md); absent means the default cluster. */
    public static final String ATTR_CLUSTER = "cluster";

    public static final String ID = PREFIX + ATTR_ID;
    public static final String SOURCE = PREFIX + ATTR_SOURCE;
    public static final String SPEC_VERSION = PREFIX + ATTR_SPEC_VERSION;
    public static final String TYPE = PREFIX + ATTR_TYPE;
    public static final String SUBJECT = PREFIX + ATTR_SUBJECT;
    public static final String TIME = PREFIX + ATTR_TIME;
    public static final String SAGA_ID = PREFIX + ATTR_SAGA_ID;
    public static final String GENERATION = PREFIX + ATTR_GENERATION;
    public static final String STEP = PREFIX + ATTR_STEP;
    public static final String CLUSTER = PREFIX + ATTR_CLUSTER;
    /** The SDK's Spring reader takes {@code datacontenttype} from this header, not from the AMQP content type. */
    public static final String SDK_DATA_CONTENT_TYPE = CE_PREFIX + ATTR_DATA_CONTENT_TYPE;

    public static final String SPEC_VERSION_VALUE = "1.0";

    /**
     * The extensions' old names (unprefixed; {@code sagaId} is not a valid CloudEvents name). Read and
     * written for one release, the bridge of a rolling upgrade (docs/events.md); the release after drops them.
     */
    public static final Map<String, String> LEGACY_NAMES = Map.of(
            ATTR_SAGA_ID, "sagaId", ATTR_GENERATION, "generation", ATTR_STEP, "step");

    private EventHeaders() {
    }

    /** Puts one attribute into {@code headers} under every name envsaga writes (see the class comment). */
    public static void write(Map<String, Object> headers, String attribute, Object value) {
        headers.put(PREFIX + attribute, value);
        headers.put(CE_PREFIX + attribute, value);
        String legacy = LEGACY_NAMES.get(attribute);
        if (legacy != null) {
            headers.put(legacy, value);
        }
    }

    /** The headers of a message with these attributes ({@code null} values are left out), in the order written. */
    public static Map<String, Object> of(Map<String, ?> attributes) {
        Map<String, Object> headers = new LinkedHashMap<>();
        attributes.forEach((name, value) -> {
            if (value != null) {
                write(headers, name, value);
            }
        });
        return headers;
    }

    /**
     * The value of an attribute under any name envsaga reads.
     *
     * @throws UnreadableEventException when two names carry different values
     */
    public static Optional<String> read(Map<String, Object> headers, String attribute) {
        String found = null;
        String foundIn = null;
        for (String name : namesOf(attribute)) {
            Object value = headers.get(name);
            if (value == null) {
                continue;
            }
            String text = value.toString();
            if (found == null) {
                found = text;
                foundIn = name;
            } else if (!found.equals(text)) {
                throw new UnreadableEventException("headers " + foundIn + " and " + name + " disagree: '" + found + "' and '" + text + "'");
            }
        }
        return Optional.ofNullable(found);
    }

    /** Like {@link #read} but never refuses: the first name that has a value wins (for recording, not for deciding). */
    public static Optional<Object> first(Map<String, Object> headers, String attribute) {
        return namesOf(attribute).stream().map(headers::get).filter(v -> v != null).findFirst();
    }

    /** Every header name an attribute is read from, in order of preference. */
    public static List<String> namesOf(String attribute) {
        List<String> names = new ArrayList<>();
        PREFIXES.forEach(p -> names.add(p + attribute));
        String legacy = LEGACY_NAMES.get(attribute);
        if (legacy != null) {
            names.add(legacy);
        }
        return names;
    }
}
