package io.envsaga.dns.plan;

import java.util.List;

/**
 * The changes of one host: its A record and its ownership TXT record. They always travel in the
 * same change batch, so that Route53 applies both or neither and a record is never left without
 * its owner (or an owner without its record).
 */
public record HostChange(String host, List<RecordChange> changes) {

    public HostChange {
        changes = List.copyOf(changes);
    }

    public int recordWeight() {
        return changes.stream().mapToInt(RecordChange::recordWeight).sum();
    }

    public int characterWeight() {
        return changes.stream().mapToInt(RecordChange::characterWeight).sum();
    }
}
