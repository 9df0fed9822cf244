package io.envsaga.dns.plan;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * envsaga's TXT registry, after external-dns's: beside each host it manages, a TXT record at
 * {@code _envsaga.<host>} whose one value is
 * <pre>"heritage=envsaga,envsaga/owner=&lt;installation&gt;,envsaga/environment=&lt;name&gt;,envsaga/generation=&lt;n&gt;"</pre>
 * A record is envsaga's, and that installation's and environment's, only when this TXT record
 * says so (the owner id is external-dns's {@code owner}: two installations sharing a zone never
 * touch each other's records). The generation is the one that last changed the record, so that
 * an older generation never overwrites a newer one's change. The TXT lives at its own name (not at the host)
 * so that it never collides with TXT records people keep at the host itself (SPF, site
 * verifications). A record written before owner ids and generations (no such keys) belongs to
 * the installation {@value #DEFAULT_INSTALLATION}, generation 0.
 */
public final class Ownership {

    public static final String PREFIX = "_envsaga.";
    public static final String DEFAULT_INSTALLATION = "envsaga";
    static final String HERITAGE = "heritage=envsaga";
    static final String OWNER_KEY = "envsaga/owner";
    static final String ENVIRONMENT_KEY = "envsaga/environment";
    static final String GENERATION_KEY = "envsaga/generation";

    /** Who owns a record: an installation's environment, as of a generation. */
    public record Owner(String installation, String environment, long generation) {
        public boolean sameEnvironment(Owner other) {
            return installation.equals(other.installation) && environment.equals(other.environment);
        }
    }

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

    /** The quoted TXT value that says the owner owns the host. */
    public static String value(Owner owner) {
        return "\"" + HERITAGE + "," + OWNER_KEY + "=" + owner.installation() + "," + ENVIRONMENT_KEY + "=" + owner.environment() + ","
                + GENERATION_KEY + "=" + owner.generation() + "\"";
    }

    public static DnsRecord record(String host, Owner owner, long ttl) {
        return new DnsRecord(recordName(host), "TXT", ttl, java.util.List.of(value(owner)));
    }

    /**
     * Who a TXT record says owns its host, or empty when the record is not an envsaga ownership
     * record (another heritage, several values, or garbage).
     */
    public static Optional<Owner> ownerOf(DnsRecord txt) {
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
        if (!"envsaga".equals(labels.get("heritage")) || environment == null || environment.isEmpty()) {
            return Optional.empty();
        }
        String installation = labels.getOrDefault(OWNER_KEY, DEFAULT_INSTALLATION);
        long generation;
        try {
            generation = Long.parseLong(labels.getOrDefault(GENERATION_KEY, "0"));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return installation.isEmpty() ? Optional.empty() : Optional.of(new Owner(installation, environment, generation));
    }
}
