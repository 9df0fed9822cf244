package io.envsaga.dns.batch;

import io.envsaga.dns.nodes.NodeAddresses;
import io.envsaga.dns.plan.Plan;
import io.envsaga.dns.plan.Planner;
import io.envsaga.dns.plan.ZoneState;
import io.envsaga.dns.provider.DnsProvider;
import io.envsaga.dns.provider.DnsUnavailableException;
import io.envsaga.participant.StepFailure;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One zone's part of a batch: finds the zone (its id cached), reads it once, and plans every
 * request against that snapshot in turn, each seeing the changes of those before it. A request
 * refused, or with nothing to change, is answered here; the others come back as slices to pack.
 */
final class ZonePlanning {

    /** The zone's id and the changes of its requests, in their order. */
    record Planned(String zoneId, List<BatchPacker.Slice<PendingRequest>> slices) {
    }

    private final DnsProvider provider;
    private final NodeAddresses nodes;
    private final String installation;
    private final Map<String, String> zoneIds = new HashMap<>();

    ZonePlanning(DnsProvider provider, NodeAddresses nodes, String installation) {
        this.provider = provider;
        this.nodes = nodes;
        this.installation = installation;
    }

    /** Empty when the zone could not be read: then every request is answered already. */
    Optional<Planned> plan(String zone, List<PendingRequest> requests) {
        String zoneId;
        ZoneState state;
        try {
            Optional<String> id = zoneId(zone);
            if (id.isEmpty()) {
                answerWithoutZone(zone, requests);
                return Optional.empty();
            }
            zoneId = id.get();
            state = provider.records(zone, zoneId);
        } catch (DnsUnavailableException e) {
            zoneIds.remove(zone); // the zone may have been deleted and made again: look it up anew next time
            PendingRequest.failAll(requests, e);
            return Optional.empty();
        }
        List<String> addresses = nodes.current();
        List<BatchPacker.Slice<PendingRequest>> slices = new ArrayList<>();
        for (PendingRequest pending : requests) {
            pending.plannedWith(addresses);
            Plan plan = planOf(pending.request(), addresses, state);
            if (plan instanceof Plan.Refused refused) {
                // without node IPs the refusal is transient: the nodes may be listed again in a moment
                pending.fail(addresses.isEmpty() ? new DnsUnavailableException(refused.reason()) : new StepFailure(refused.reason()));
                continue;
            }
            Plan.Changes changes = (Plan.Changes) plan;
            if (changes.isEmpty()) {
                pending.unchanged(addresses);
                continue;
            }
            state = state.after(changes.all());
            slices.add(new BatchPacker.Slice<>(pending, changes.hosts()));
        }
        return Optional.of(new Planned(zoneId, slices));
    }

    private Plan planOf(ChangeBatcher.Request request, List<String> addresses, ZoneState state) {
        if (request instanceof ChangeBatcher.Apply apply) {
            return Planner.apply(apply.desired(), addresses, state);
        }
        if (request instanceof ChangeBatcher.Release release) {
            return Planner.release(installation, release.environment(), release.upToGeneration(), state);
        }
        return Planner.resync(installation, addresses, state);
    }

    /** Nothing can be made in a zone that does not exist, so nothing is there to release. */
    private void answerWithoutZone(String zone, List<PendingRequest> requests) {
        for (PendingRequest pending : requests) {
            if (pending.request() instanceof ChangeBatcher.Apply) {
                pending.fail(new StepFailure("hosted zone " + zone + " does not exist in Route53 (or is private)"));
            } else {
                pending.unchanged(nodes.current());
            }
        }
    }

    private Optional<String> zoneId(String zone) {
        String known = zoneIds.get(zone);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> found = provider.findZoneId(zone);
        found.ifPresent(id -> zoneIds.put(zone, id));
        return found;
    }
}
