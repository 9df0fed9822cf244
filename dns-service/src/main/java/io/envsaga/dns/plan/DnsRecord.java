package io.envsaga.dns.plan;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A resource record set, provider-neutral: the name fully qualified with its trailing dot and in
 * lower case (as Route53 returns it), the type, the TTL and the values as the API writes them
 * (TXT values in double quotes).
 */
public record DnsRecord(String name, String type, long ttl, List<String> values) {

    public DnsRecord {
        name = fqdn(name);
        type = type.toUpperCase(Locale.ROOT);
        values = List.copyOf(values);
    }

    public static DnsRecord a(String name, long ttl, List<String> addresses) {
        return new DnsRecord(name, "A", ttl, List.copyOf(new TreeSet<>(addresses)));
    }

    /** {@code stage.codedang.com} and {@code Stage.codedang.com.} are both {@code stage.codedang.com.}. */
    public static String fqdn(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower : lower + ".";
    }

    /** The name without its trailing dot, as people write it. */
    public String host() {
        return name.substring(0, name.length() - 1);
    }

    /** Same TTL and the same values in any order. */
    public boolean sameContent(DnsRecord other) {
        return other != null && ttl == other.ttl && Set.copyOf(values).equals(Set.copyOf(other.values));
    }

    /** Characters of the values, as Route53 counts them against a change batch. */
    public int valueCharacters() {
        return values.stream().mapToInt(String::length).sum();
    }

    @Override
    public String toString() {
        return host() + " " + type;
    }
}
