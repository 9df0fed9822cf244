package io.envsaga.simulation.route53;

import java.util.List;
import java.util.Locale;

/**
 * A resource record set as the {@link Route53Stub} keeps it: the name fully qualified, lower
 * case, with its trailing dot (as Route53 returns it), the type, the TTL and the values as they
 * appear in the API (TXT values in double quotes).
 */
public record RecordSet(String name, String type, long ttl, List<String> values) {

    public RecordSet {
        name = fqdn(name);
        type = type.toUpperCase(Locale.ROOT);
        values = List.copyOf(values);
    }

    public static RecordSet a(String name, long ttl, String... ips) {
        return new RecordSet(name, "A", ttl, List.of(ips));
    }

    /** A TXT record set of one value; the quotes are added. */
    public static RecordSet txt(String name, long ttl, String value) {
        return new RecordSet(name, "TXT", ttl, List.of("\"" + value + "\""));
    }

    /** {@code stage.codedang.com} and {@code Stage.Codedang.com.} both become {@code stage.codedang.com.}. */
    public static String fqdn(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower : lower + ".";
    }

    /** The number of characters of the values, as Route53 counts them against a change batch's limit. */
    int valueCharacters() {
        return values.stream().mapToInt(String::length).sum();
    }
}
