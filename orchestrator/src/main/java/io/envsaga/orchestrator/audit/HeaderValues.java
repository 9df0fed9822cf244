package io.envsaga.orchestrator.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * AMQP header values as the audit keeps them: whatever a publisher put there (a number, a
 * string where a number belongs, a table, a list, bytes, a long string), as JSON-friendly
 * values, never refused. The audit must record what was sent, not what should have been.
 */
final class HeaderValues {

    private HeaderValues() {
    }

    static Map<String, Object> of(Map<String, Object> headers) {
        Map<String, Object> raw = new TreeMap<>();
        headers.forEach((k, v) -> raw.put(k, value(v)));
        return raw;
    }

    static Object value(Object v) {
        if (v == null || v instanceof Number || v instanceof Boolean || v instanceof String) {
            return v;
        }
        if (v instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (v instanceof InputStream stream) {
            // Spring AMQP hands long strings over as a stream
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(unreadable: " + e.getMessage() + ")";
            }
        }
        if (v instanceof Date date) {
            return date.toInstant().toString();
        }
        if (v instanceof List<?> list) {
            return list.stream().map(HeaderValues::value).toList();
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> table = new TreeMap<>();
            map.forEach((k, value) -> table.put(String.valueOf(k), value(value)));
            return table;
        }
        return v.toString();
    }

    /** A generation only when it is one (a whole number); the raw value stays in the headers either way. */
    static Long generation(Object value) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof String text && text.matches("-?\\d{1,18}")) {
            return Long.parseLong(text);
        }
        return null;
    }

    /** A column value that fits its column; the full value stays in the headers. */
    static String column(Object value, int length) {
        if (value == null) {
            return null;
        }
        String text = value instanceof String s ? s : String.valueOf(value(value));
        return text.length() > length ? text.substring(0, length) : text;
    }
}
