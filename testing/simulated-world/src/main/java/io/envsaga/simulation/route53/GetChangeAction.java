package io.envsaga.simulation.route53;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code GetChange}: an accepted change is {@code PENDING} until the propagation delay has passed
 * since it was submitted, then {@code INSYNC}. Remembers which changes it has reported INSYNC.
 */
final class GetChangeAction {

    private final Clock clock;
    private final Map<String, ChangeInfo> changes = new HashMap<>();
    private final Set<String> reportedInsync = new HashSet<>();
    private Duration propagationDelay = Duration.ofMillis(100);

    GetChangeAction(Clock clock) {
        this.clock = clock;
    }

    synchronized void accepted(ChangeInfo change) {
        changes.put(change.id(), change);
    }

    synchronized void propagationDelay(Duration delay) {
        this.propagationDelay = delay;
    }

    synchronized boolean reportedInsync(String changeId) {
        return reportedInsync.contains(changeId);
    }

    synchronized XmlResponse get(String id) {
        ChangeInfo change = changes.get(id);
        if (change == null) {
            return XmlResponse.error(404, "Sender", "NoSuchChange", "A change with the specified change ID does not exist: " + id);
        }
        boolean insync = !clock.instant().isBefore(change.submittedAt().plus(propagationDelay));
        if (insync) {
            reportedInsync.add(id);
        }
        StringBuilder xml = XmlResponse.start("GetChangeResponse");
        change.appendTo(xml, insync ? "INSYNC" : "PENDING");
        return XmlResponse.ok(xml.append("</GetChangeResponse>"));
    }
}
