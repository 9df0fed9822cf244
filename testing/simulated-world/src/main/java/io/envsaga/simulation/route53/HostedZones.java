package io.envsaga.simulation.route53;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntSupplier;

/**
 * The hosted zones of the simulated account and their record sets, kept in Route 53's order. An
 * action that reads or changes several things at once holds this object's monitor meanwhile.
 */
final class HostedZones {

    /** A hosted zone; {@code records} is sorted by {@link #key}. */
    record Zone(String id, String name, Map<String, RecordSet> records) {

        void put(RecordSet recordSet) {
            records.put(key(recordSet.name(), recordSet.type()), recordSet);
        }

        /** Whether a name below the zone or the zone's own apex. */
        boolean contains(String fqdn) {
            return fqdn.equals(name) || fqdn.endsWith("." + name);
        }
    }

    private final Map<String, Zone> byId = new HashMap<>();
    private final IntSupplier serials;

    /** @param serials numbers for new zone ids */
    HostedZones(IntSupplier serials) {
        this.serials = serials;
    }

    /** A public hosted zone with its SOA and NS records; returns its id (without {@code /hostedzone/}). */
    synchronized String create(String name) {
        String zoneName = RecordSet.fqdn(name);
        String id = "Z" + Integer.toString(serials.getAsInt(), 36).toUpperCase(Locale.ROOT) + "STUB" + byId.size();
        Zone zone = new Zone(id, zoneName, new TreeMap<>());
        zone.put(new RecordSet(zoneName, "SOA", 900,
                List.of("ns-1.awsdns-stub.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400")));
        zone.put(new RecordSet(zoneName, "NS", 172800, List.of("ns-1.awsdns-stub.org.", "ns-2.awsdns-stub.net.")));
        byId.put(id, zone);
        return id;
    }

    synchronized Optional<Zone> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** @throws IllegalArgumentException when there is no such zone: a test's mistake */
    synchronized Zone named(String zoneName) {
        String name = RecordSet.fqdn(zoneName);
        return byId.values().stream().filter(z -> z.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no hosted zone " + name));
    }

    /** Puts a record set as if made outside envsaga (by hand, or by Terraform). */
    synchronized void put(String zoneName, RecordSet recordSet) {
        named(zoneName).put(recordSet);
    }

    synchronized Optional<RecordSet> record(String zoneName, String name, String type) {
        return Optional.ofNullable(named(zoneName).records().get(key(RecordSet.fqdn(name), type.toUpperCase(Locale.ROOT))));
    }

    /** Every record set of the zone in Route 53's order. */
    synchronized List<RecordSet> records(String zoneName) {
        return List.copyOf(named(zoneName).records().values());
    }

    /** Every zone, in ListHostedZonesByName's order: by reversed name, then by id. */
    synchronized List<Zone> sorted() {
        return byId.values().stream().sorted(Comparator.comparing((Zone z) -> reversed(z.name())).thenComparing(Zone::id)).toList();
    }

    /** Route 53 lists record sets by name with the labels reversed (com.codedang.stage), then by type. */
    static String key(String fqdn, String type) {
        return reversed(fqdn) + " " + type;
    }

    static String reversed(String fqdn) {
        String[] labels = fqdn.split("\\.");
        StringBuilder out = new StringBuilder();
        for (int i = labels.length - 1; i >= 0; i--) {
            out.append(labels[i]).append(i > 0 ? "." : "");
        }
        return out.toString();
    }
}
