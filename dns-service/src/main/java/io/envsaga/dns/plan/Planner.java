package io.envsaga.dns.plan;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides the changes, without any I/O: from what an environment wants (or that it goes), the
 * node IPs and the zone's current records with their ownership TXT records. It never plans a
 * change to a record that this installation does not own for the environment, nor lets an older
 * generation overwrite what a newer one wrote; when the spec asks for such a host it refuses and
 * names the record.
 */
public final class Planner {

    private Planner() {
    }

    /** What an environment's generation asks of one zone: an A record of {@code ttl} at each host, owned by this installation. */
    public record Desired(String environment, String zone, List<String> hosts, long ttl, String installation, long generation) {
        public Desired {
            hosts = List.copyOf(hosts);
        }

        /** The default installation, generation 1 (for tests and tools). */
        public Desired(String environment, String zone, List<String> hosts, long ttl) {
            this(environment, zone, hosts, ttl, Ownership.DEFAULT_INSTALLATION, 1);
        }

        Ownership.Owner owner() {
            return new Ownership.Owner(installation, environment, generation);
        }
    }

    /**
     * The changes that give every host of the environment an A record with the node IPs and its
     * ownership TXT record (stamped with this generation), and remove those the environment owns
     * in the zone but no longer asks for. Refused, naming every offending record, if a host is
     * taken by someone else or was written by a newer generation.
     */
    public static Plan apply(Desired desired, List<String> addresses, ZoneState state) {
        if (addresses.isEmpty()) {
            return new Plan.Refused("no node IP address is known, so there is nothing to point " + String.join(", ", desired.hosts()) + " at");
        }
        Ownership.Owner me = desired.owner();
        List<String> refusals = new ArrayList<>();
        List<HostChange> hosts = new ArrayList<>();
        Set<String> wanted = new LinkedHashSet<>();
        for (String host : desired.hosts()) {
            String fqdn = DnsRecord.fqdn(host);
            wanted.add(fqdn);
            DnsRecord a = DnsRecord.a(fqdn, desired.ttl(), addresses);
            DnsRecord txt = state.get(Ownership.recordName(fqdn), "TXT");
            Optional<Ownership.Owner> owner = Ownership.ownerOf(txt);
            if (txt != null && owner.isEmpty()) {
                refusals.add("record " + txt.host() + " (TXT) exists and is not an envsaga ownership record, so " + a.host() + " is not envsaga's");
            } else if (owner.isPresent() && !owner.get().installation().equals(me.installation())) {
                refusals.add("record " + a.host() + " is owned by another envsaga installation, '" + owner.get().installation() + "'");
            } else if (owner.isPresent() && !owner.get().environment().equals(me.environment())) {
                refusals.add("record " + a.host() + " is owned by environment '" + owner.get().environment() + "'");
            } else if (owner.isPresent() && owner.get().generation() > me.generation()) {
                refusals.add("record " + a.host() + " was written by generation " + owner.get().generation() + "; generation "
                        + me.generation() + " does not overwrite it");
            } else if (owner.isPresent()) {
                // the TXT names the generation that last changed the record: restamped with each change, not
                // on every generation (a generation that changes nothing costs no Route53 change)
                DnsRecord current = state.get(fqdn, "A");
                RecordChange change = current == null ? RecordChange.create(a) : current.sameContent(a) ? null : RecordChange.upsert(a);
                if (change != null) {
                    List<RecordChange> changes = new ArrayList<>();
                    if (owner.get().generation() != me.generation()) {
                        changes.add(RecordChange.upsert(Ownership.record(fqdn, me, desired.ttl())));
                    }
                    changes.add(change);
                    hosts.add(new HostChange(fqdn, changes));
                }
            } else {
                List<DnsRecord> existing = state.at(fqdn).stream().filter(r -> !zoneOwn(r, desired.zone())).toList();
                if (!existing.isEmpty()) {
                    refusals.add("record " + existing.get(0).host() + " (" + existing.get(0).type() + ") exists and is not owned by envsaga (no TXT record "
                            + Ownership.recordName(fqdn).replaceAll("\\.$", "") + "); it is left untouched");
                } else {
                    hosts.add(new HostChange(fqdn, List.of(RecordChange.create(Ownership.record(fqdn, me, desired.ttl())), RecordChange.create(a))));
                }
            }
        }
        if (!refusals.isEmpty()) {
            return new Plan.Refused(String.join("; ", refusals));
        }
        for (HostChange stale : release(me.installation(), me.environment(), me.generation(), state).hosts()) {
            if (!wanted.contains(stale.host())) {
                hosts.add(stale);
            }
        }
        return new Plan.Changes(hosts);
    }

    /**
     * The NS and SOA records at the zone's apex: Route53 makes them with the hosted zone, so they are
     * at the apex of every zone and say nothing about who serves the apex host (an A record stands
     * beside them). Any other record at a host, of any type, makes the host someone else's.
     */
    private static boolean zoneOwn(DnsRecord record, String zone) {
        return record.name().equals(DnsRecord.fqdn(zone)) && (record.type().equals("NS") || record.type().equals("SOA"));
    }

    /** {@link #release(String, String, long, ZoneState)} of the default installation, every generation. */
    public static Plan.Changes release(String environment, ZoneState state) {
        return release(Ownership.DEFAULT_INSTALLATION, environment, Long.MAX_VALUE, state);
    }

    /**
     * Deletes every A record the installation's environment owns in the zone, and its ownership
     * TXT record, up to a generation (a rollback of generation N leaves what a newer one wrote);
     * nothing else.
     */
    public static Plan.Changes release(String installation, String environment, long upToGeneration, ZoneState state) {
        List<HostChange> hosts = new ArrayList<>();
        for (DnsRecord txt : state.all()) {
            Optional<String> host = Ownership.hostOf(txt.name());
            Optional<Ownership.Owner> owner = Ownership.ownerOf(txt);
            if (host.isEmpty() || owner.isEmpty() || !owner.get().installation().equals(installation)
                    || !owner.get().environment().equals(environment) || owner.get().generation() > upToGeneration) {
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

    /** {@link #resync(String, List, ZoneState)} of the default installation. */
    public static Plan.Changes resync(List<String> addresses, ZoneState state) {
        return resync(Ownership.DEFAULT_INSTALLATION, addresses, state);
    }

    /**
     * After the node IPs changed: every A record this installation owns in the zone, whatever the
     * environment, gets the new addresses (its TTL kept); another installation's records are its
     * own business. With no address known, nothing changes: records are never emptied because the
     * nodes could not be listed for a moment.
     */
    public static Plan.Changes resync(String installation, List<String> addresses, ZoneState state) {
        List<HostChange> hosts = new ArrayList<>();
        if (addresses.isEmpty()) {
            return new Plan.Changes(hosts);
        }
        for (DnsRecord txt : state.all()) {
            Optional<String> host = Ownership.hostOf(txt.name());
            if (host.isEmpty() || !Ownership.ownerOf(txt).map(o -> o.installation().equals(installation)).orElse(false)) {
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
