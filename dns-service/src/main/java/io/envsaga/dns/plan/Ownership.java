package io.envsaga.dns.plan;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * envsaga's TXT registry, after external-dns's: beside each host it manages, a TXT record at
 * {@code _envsaga.<host>} whose one value is
 * <pre>"heritage=envsaga,envsaga/environment=&lt;environment name&gt;"</pre>
 * A record is envsaga's, and that environment's, only when this TXT record says so. The TXT
 * lives at its own name (not at the host) so that it never collides with TXT records people keep
 * at the host itself (SPF, site verifications).
 */
public final class Ownership {

    public static final String PREFIX = "_envsaga.";
    static final String HERITAGE = "heritage=envsaga";
    static final String ENVIRONMENT_KEY = "envsaga/environment";

    private Ownership() {
    }

    /** {@code stage.codedang.com.} -> {@code _envsaga.stage.codedang.com.} */
    public static String recordName(String host) {
        return PREFIX + DnsRecord.fqdn(host);
    }

    /** The host an ownership record name is about, if it is one. */
    public static Optional<String> hostOf(String recordName) {
        String name = DnsRecord.fqdn(recordName);
        return name.startsWith(PREFIX) && name.length() > PREFIX.length() ? Optional.of(name.substring(PREFIX.length())) : Optional.empty();
    }

    /** The quoted TXT value that says {@code environment} owns the host. */
    public static String value(String environment) {
        return "\"" + HERITAGE + "," + ENVIRONMENT_KEY + "=" + environment + "\"";
    }

    public static DnsRecord record(String host, String environment, long ttl) {
        return new DnsRecord(recordName(host), "TXT", ttl, java.util.List.of(value(environment)));
    }

    /**
     * The environment that a TXT record says owns its host, or empty when the record is not an
     * envsaga ownership record (another heritage, several values, or garbage).
     */
    public static Optional<String> ownerOf(DnsRecord txt) {
        if (txt == null || !"TXT".equals(txt.type()) || txt.values().size() != 1) {
            return Optional.empty();
        }
        String value = txt.values().get(0);
        if (value.length() < 2 || !value.startsWith("\"") || !value.endsWith("\"")) {
            return Optional.empty();
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (String pair : value.substring(1, value.length() - 1).split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                labels.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        String environment = labels.get(ENVIRONMENT_KEY);
        return "envsaga".equals(labels.get("heritage")) && environment != null && !environment.isEmpty()
                ? Optional.of(environment) : Optional.empty();
    }
}
