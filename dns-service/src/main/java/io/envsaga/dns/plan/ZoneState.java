package io.envsaga.dns.plan;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The record sets of one hosted zone as read at one moment; immutable. {@link #after} gives the
 * state a list of changes would leave, so that the requests of one batch are planned one after
 * the other as Route53 will apply them.
 */
public final class ZoneState {

    private final String zone;
    private final Map<String, DnsRecord> records;

    private ZoneState(String zone, Map<String, DnsRecord> records) {
        this.zone = DnsRecord.fqdn(zone);
        this.records = records;
    }

    public static ZoneState of(String zone, Collection<DnsRecord> records) {
        Map<String, DnsRecord> byKey = new TreeMap<>();
        records.forEach(r -> byKey.put(key(r.name(), r.type()), r));
        return new ZoneState(zone, byKey);
    }

    public String zone() {
        return zone;
    }

    public DnsRecord get(String name, String type) {
        return records.get(key(DnsRecord.fqdn(name), type));
    }

    /** Every record set at exactly this name, of any type. */
    public List<DnsRecord> at(String name) {
        String fqdn = DnsRecord.fqdn(name);
        return records.values().stream().filter(r -> r.name().equals(fqdn)).toList();
    }

    public Collection<DnsRecord> all() {
        return records.values();
    }

    public ZoneState after(List<RecordChange> changes) {
        Map<String, DnsRecord> next = new TreeMap<>(records);
        for (RecordChange change : changes) {
            String key = key(change.record().name(), change.record().type());
            if (change.action() == RecordChange.Action.DELETE) {
                next.remove(key);
            } else {
                next.put(key, change.record());
            }
        }
        return new ZoneState(zone, next);
    }

    private static String key(String name, String type) {
        return name + " " + type;
    }
}
