package io.envsaga.dns.plan;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides the changes, without any I/O: from what an environment wants (or that it goes), the
 * node IPs and the zone's current records with their ownership TXT records. It never plans a
 * change to a record that envsaga does not own for the environment; when the spec asks for such a
 * host it refuses and names the record.
 */
public final class Planner {

    private Planner() {
    }

    /** What an environment asks of one zone: an A record of {@code ttl} at each host. */
    public record Desired(String environment, String zone, List<String> hosts, long ttl) {
        public Desired {
            hosts = List.copyOf(hosts);
        }
    }

    /**
     * The changes that give every host of the environment an A record with the node IPs and its
     * ownership TXT record, and remove those the environment owns in the zone but no longer asks
     * for. Refused, naming every offending record, if a host is taken by someone else.
     */
    public static Plan apply(Desired desired, List<String> addresses, ZoneState state) {
        if (addresses.isEmpty()) {
            return new Plan.Refused("no node IP address is known, so there is nothing to point " + String.join(", ", desired.hosts()) + " at");
        }
        List<String> refusals = new ArrayList<>();
        List<HostChange> hosts = new ArrayList<>();
        Set<String> wanted = new LinkedHashSet<>();
        for (String host : desired.hosts()) {
            String fqdn = DnsRecord.fqdn(host);
            wanted.add(fqdn);
            DnsRecord a = DnsRecord.a(fqdn, desired.ttl(), addresses);
            DnsRecord txt = state.get(Ownership.recordName(fqdn), "TXT");
            Optional<String> owner = Ownership.ownerOf(txt);
            if (txt != null && owner.isEmpty()) {
                refusals.add("record " + txt.host() + " (TXT) exists and is not an envsaga ownership record, so " + a.host() + " is not envsaga's");
            } else if (owner.isPresent() && !owner.get().equals(desired.environment())) {
                refusals.add("record " + a.host() + " is owned by environment '" + owner.get() + "'");
            } else if (owner.isPresent()) {
                DnsRecord current = state.get(fqdn, "A");
                if (current == null) {
                    hosts.add(new HostChange(fqdn, List.of(RecordChange.create(a))));
                } else if (!current.sameContent(a)) {
                    hosts.add(new HostChange(fqdn, List.of(RecordChange.upsert(a))));
                }
            } else {
                List<DnsRecord> existing = state.at(fqdn);
                if (!existing.isEmpty()) {
                    refusals.add("record " + existing.get(0).host() + " (" + existing.get(0).type() + ") exists and is not owned by envsaga (no TXT record "
                            + Ownership.recordName(fqdn).replaceAll("\\.$", "") + "); it is left untouched");
                } else {
                    hosts.add(new HostChange(fqdn, List.of(RecordChange.create(Ownership.record(fqdn, desired.environment(), desired.ttl())),
                            RecordChange.create(a))));
                }
            }
        }
        if (!refusals.isEmpty()) {
            return new Plan.Refused(String.join("; ", refusals));
        }
        for (HostChange stale : release(desired.environment(), state).hosts()) {
            if (!wanted.contains(stale.host())) {
                hosts.add(stale);
            }
        }
        return new Plan.Changes(hosts);
    }

    /** Deletes every A record the environment owns in the zone, and its ownership TXT record; nothing else. */
    public static Plan.Changes release(String environment, ZoneState state) {
        List<HostChange> hosts = new ArrayList<>();
        for (DnsRecord txt : state.all()) {
            Optional<String> host = Ownership.hostOf(txt.name());
            if (host.isEmpty() || !Ownership.ownerOf(txt).map(environment::equals).orElse(false)) {
                continue;
            }
            List<RecordChange> changes = new ArrayList<>();
            DnsRecord a = state.get(host.get(), "A");
            if (a != null) {
                changes.add(RecordChange.delete(a));
            }
            changes.add(RecordChange.delete(txt));
            hosts.add(new HostChange(host.get(), changes));
        }
        return new Plan.Changes(hosts);
    }

    /**
     * After the node IPs changed: every A record envsaga owns in the zone, whatever the
     * environment, gets the new addresses (its TTL kept). With no address known, nothing changes:
     * records are never emptied because the nodes could not be listed for a moment.
     */
    public static Plan.Changes resync(List<String> addresses, ZoneState state) {
        List<HostChange> hosts = new ArrayList<>();
        if (addresses.isEmpty()) {
            return new Plan.Changes(hosts);
        }
        for (DnsRecord txt : state.all()) {
            Optional<String> host = Ownership.hostOf(txt.name());
            if (host.isEmpty() || Ownership.ownerOf(txt).isEmpty()) {
                continue;
            }
            DnsRecord current = state.get(host.get(), "A");
            if (current != null) {
                DnsRecord wanted = DnsRecord.a(current.name(), current.ttl(), addresses);
                if (!current.sameContent(wanted)) {
                    hosts.add(new HostChange(host.get(), List.of(RecordChange.upsert(wanted))));
                }
            }
        }
        return new Plan.Changes(hosts);
    }
}
