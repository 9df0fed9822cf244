package io.envsaga.simulation.route53;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;

/**
 * {@code ChangeResourceRecordSets}, all or nothing as Route 53 applies it. Every problem of the
 * batch is found and named in one {@code InvalidChangeBatch} message with Route 53's wording: its
 * limits of 1,000 records and 32,000 value characters (UPSERT counting twice), two changes of one
 * record set, a name outside the zone, a bad A or TXT value, CREATE of a set that exists, DELETE
 * of one that does not or with other values, a CNAME conflict. Keeps the batches it accepted and
 * those it rejected, for tests to look at.
 */
final class ChangeRecordSetsAction {

    private static final Pattern IPV4 = Pattern.compile("^(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}$");

    private final HostedZones zones;
    private final GetChangeAction getChange;
    private final Clock clock;
    private final IntSupplier serials;
    private final List<Route53Stub.Batch> batches = new ArrayList<>();
    private final List<Route53Stub.Rejected> rejected = new ArrayList<>();
    private final Deque<Runnable> beforeNext = new ArrayDeque<>();

    /** @param serials numbers for new change ids */
    ChangeRecordSetsAction(HostedZones zones, GetChangeAction getChange, Clock clock, IntSupplier serials) {
        this.zones = zones;
        this.getChange = getChange;
        this.clock = clock;
        this.serials = serials;
    }

    /** Runs once, just before the next change is applied, outside the stub's locks. */
    synchronized void beforeNext(Runnable hook) {
        beforeNext.add(hook);
    }

    synchronized List<Route53Stub.Batch> batches() {
        return List.copyOf(batches);
    }

    synchronized List<Route53Stub.Rejected> rejected() {
        return List.copyOf(rejected);
    }

    synchronized void forgetBatches() {
        batches.clear();
        rejected.clear();
    }

    XmlResponse change(String zoneId, byte[] body) {
        List<Runnable> hooks;
        synchronized (this) {
            hooks = new ArrayList<>(beforeNext);
            beforeNext.clear();
        }
        hooks.forEach(Runnable::run);
        synchronized (zones) {
            HostedZones.Zone zone = zones.byId(zoneId).orElse(null);
            if (zone == null) {
                return XmlResponse.noSuchHostedZone(zoneId);
            }
            Route53ChangeRequest request;
            try {
                request = Route53ChangeRequest.parse(body);
            } catch (IllegalArgumentException e) {
                return XmlResponse.error(400, "Sender", "InvalidInput", e.getMessage());
            }
            if (request.changes().isEmpty()) {
                return XmlResponse.error(400, "Sender", "InvalidInput", "1 validation error detected: Value at 'changeBatch.changes' failed to satisfy constraint: Member must have length greater than or equal to 1");
            }
            List<String> problems = new ArrayList<>(limitsExceeded(request.changes()));
            Map<String, RecordSet> working = new TreeMap<>(zone.records());
            Set<String> touched = new HashSet<>();
            for (Route53Stub.Change change : request.changes()) {
                String problem = apply(change, zone, working, touched);
                if (problem != null) {
                    problems.add(problem);
                }
            }
            if (!problems.isEmpty()) {
                String message = "[" + String.join(", ", problems) + "]";
                synchronized (this) {
                    rejected.add(new Route53Stub.Rejected(zone.name(), request.changes(), message));
                }
                return XmlResponse.error(400, "Sender", "InvalidChangeBatch", message);
            }
            zone.records().clear();
            zone.records().putAll(working);
            ChangeInfo info = new ChangeInfo("C" + Integer.toString(serials.getAsInt(), 36).toUpperCase(Locale.ROOT) + "STUB",
                    clock.instant(), request.comment());
            getChange.accepted(info);
            synchronized (this) {
                batches.add(new Route53Stub.Batch(info.id(), zone.name(), request.comment(), request.changes()));
            }
            StringBuilder xml = info.appendTo(XmlResponse.start("ChangeResourceRecordSetsResponse"), "PENDING");
            return XmlResponse.ok(xml.append("</ChangeResourceRecordSetsResponse>"));
        }
    }

    private static List<String> limitsExceeded(List<Route53Stub.Change> changes) {
        int records = 0;
        int characters = 0;
        for (Route53Stub.Change change : changes) {
            int weight = "UPSERT".equals(change.action()) ? 2 : 1;
            records += weight * change.recordSet().values().size();
            characters += weight * change.recordSet().valueCharacters();
        }
        List<String> problems = new ArrayList<>();
        if (records > Route53Stub.MAX_RECORDS_PER_BATCH) {
            problems.add("Number of records limit of " + Route53Stub.MAX_RECORDS_PER_BATCH + " exceeded.");
        }
        if (characters > Route53Stub.MAX_VALUE_CHARACTERS_PER_BATCH) {
            problems.add("Number of characters limit of " + Route53Stub.MAX_VALUE_CHARACTERS_PER_BATCH + " exceeded.");
        }
        return problems;
    }

    /** Applies one change to {@code working}; returns Route 53's words for what is wrong with it, or null. */
    private static String apply(Route53Stub.Change change, HostedZones.Zone zone, Map<String, RecordSet> working, Set<String> touched) {
        RecordSet rrset = change.recordSet();
        String key = HostedZones.key(rrset.name(), rrset.type());
        String described = "[name='" + rrset.name() + "', type='" + rrset.type() + "']";
        if (!touched.add(key)) {
            return "The request contains an invalid set of changes for a resource record set '" + rrset.type() + " " + rrset.name() + "'";
        }
        if (!zone.contains(rrset.name())) {
            return "RRSet with DNS name " + rrset.name() + " is not permitted in zone " + zone.name();
        }
        String invalid = invalidValue(rrset);
        if (invalid != null) {
            return invalid;
        }
        RecordSet existing = working.get(key);
        switch (change.action()) {
            case "CREATE" -> {
                if (existing != null) {
                    return "Tried to create resource record set " + described + " but it already exists";
                }
                if (conflictsWithCname(working, rrset)) {
                    return cnameConflict(rrset, zone);
                }
                working.put(key, rrset);
            }
            case "UPSERT" -> {
                if (existing == null && conflictsWithCname(working, rrset)) {
                    return cnameConflict(rrset, zone);
                }
                working.put(key, rrset);
            }
            case "DELETE" -> {
                if (existing == null) {
                    return "Tried to delete resource record set " + described + " but it was not found";
                }
                if (existing.ttl() != rrset.ttl() || !new HashSet<>(existing.values()).equals(new HashSet<>(rrset.values()))) {
                    return "Tried to delete resource record set " + described + " but the values provided do not match the current values";
                }
                working.remove(key);
            }
            default -> {
                return "Invalid action " + change.action();
            }
        }
        return null;
    }

    private static boolean conflictsWithCname(Map<String, RecordSet> records, RecordSet rrset) {
        if ("CNAME".equals(rrset.type())) {
            return records.values().stream().anyMatch(r -> r.name().equals(rrset.name()));
        }
        return records.containsKey(HostedZones.key(rrset.name(), "CNAME"));
    }

    private static String cnameConflict(RecordSet rrset, HostedZones.Zone zone) {
        return "RRSet of type " + rrset.type() + " with DNS name " + rrset.name()
                + " is not permitted because a conflicting RRSet of type CNAME with the same DNS name already exists in zone " + zone.name();
    }

    private static String invalidValue(RecordSet rrset) {
        if (rrset.values().isEmpty()) {
            return "Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found none in Change with [Action=?, Name=" + rrset.name() + ", Type=" + rrset.type() + "]";
        }
        for (String value : rrset.values()) {
            if ("A".equals(rrset.type()) && !IPV4.matcher(value).matches()) {
                return "Invalid Resource Record: 'FATAL problem: ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address) encountered with '" + value + "''";
            }
            if ("TXT".equals(rrset.type()) && !(value.length() >= 2 && value.startsWith("\"") && value.endsWith("\""))) {
                return "Invalid Resource Record: 'FATAL problem: InvalidCharacterString (Value should be enclosed in quotation marks) encountered with '" + value + "''";
            }
        }
        return null;
    }
}
