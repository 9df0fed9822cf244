package io.envsaga.dns.batch;

import io.envsaga.dns.plan.HostChange;
import io.envsaga.dns.plan.RecordChange;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Packs the changes of several requests into as few change batches as Route53 takes: at most
 * {@code maxRecords} resource records and {@code maxCharacters} value characters per batch (UPSERT
 * counting twice), a host's A and TXT changes always together, and never two changes of the same
 * record set in one batch (Route53 refuses that). Requests keep their order.
 */
public final class BatchPacker {

    public record Limits(int maxRecords, int maxCharacters) {
        public static final Limits ROUTE53 = new Limits(1000, 32_000);
    }

    /** The host changes of one request (its {@code owner}) inside one batch. */
    public record Slice<T>(T owner, List<HostChange> hosts) {
        public Slice {
            hosts = List.copyOf(hosts);
        }

        public List<RecordChange> changes() {
            return hosts.stream().flatMap(h -> h.changes().stream()).toList();
        }
    }

    private BatchPacker() {
    }

    public static <T> List<List<Slice<T>>> pack(List<Slice<T>> requests, Limits limits) {
        List<List<Slice<T>>> batches = new ArrayList<>();
        Open<T> open = new Open<>();
        for (Slice<T> request : requests) {
            for (HostChange host : request.hosts()) {
                if (!open.isEmpty() && !open.fits(host, limits)) {
                    batches.add(open.close());
                    open = new Open<>();
                }
                open.add(request.owner(), host);
            }
        }
        if (!open.isEmpty()) {
            batches.add(open.close());
        }
        return batches;
    }

    private static final class Open<T> {
        final Map<T, List<HostChange>> byOwner = new LinkedHashMap<>();
        final Set<String> recordSets = new HashSet<>();
        int records;
        int characters;

        boolean isEmpty() {
            return byOwner.isEmpty();
        }

        boolean fits(HostChange host, Limits limits) {
            return records + host.recordWeight() <= limits.maxRecords()
                    && characters + host.characterWeight() <= limits.maxCharacters()
                    && host.changes().stream().noneMatch(c -> recordSets.contains(key(c)));
        }

        void add(T owner, HostChange host) {
            byOwner.computeIfAbsent(owner, o -> new ArrayList<>()).add(host);
            host.changes().forEach(c -> recordSets.add(key(c)));
            records += host.recordWeight();
            characters += host.characterWeight();
        }

        List<Slice<T>> close() {
            return byOwner.entrySet().stream().map(e -> new Slice<>(e.getKey(), e.getValue())).toList();
        }

        private static String key(RecordChange change) {
            return change.record().name() + " " + change.record().type();
        }
    }
}
