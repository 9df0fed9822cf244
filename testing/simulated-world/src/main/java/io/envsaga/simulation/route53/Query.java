package io.envsaga.simulation.route53;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** A request's query parameters, their names in lower case (the SDK writes {@code maxitems}, {@code dnsname}, …). */
record Query(Map<String, String> parameters) {

    static Query parse(String raw) {
        Map<String, String> parameters = new HashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                parameters.put(URLDecoder.decode(name, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
        }
        return new Query(parameters);
    }

    String get(String name) {
        return parameters.get(name);
    }

    /** {@code maxitems} kept between 1 and the action's limit, which is also what a missing or unreadable value means. */
    int maxItems(int limit) {
        String value = parameters.get("maxitems");
        if (value == null) {
            return limit;
        }
        try {
            return Math.max(1, Math.min(limit, Integer.parseInt(value)));
        } catch (NumberFormatException e) {
            return limit;
        }
    }
}
