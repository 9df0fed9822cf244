package io.envsaga.dns.batch;

import io.envsaga.dns.plan.RecordChange;
import io.envsaga.dns.provider.DnsProvider;
import io.envsaga.dns.provider.DnsUnavailableException;
import io.envsaga.dns.provider.RejectedChangeException;
import io.envsaga.participant.StepFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits packed change batches and hands each accepted change to the watcher. When the provider
 * refuses a batch as a whole (Route53: InvalidChangeBatch), its requests are halved and each half
 * submitted again, until the bad request stands alone and fails with the provider's message; the
 * others go through.
 */
final class ChangeSubmitter {

    private static final Logger log = LoggerFactory.getLogger(ChangeSubmitter.class);
    private static final int MAX_COMMENT = 256;

    private final DnsProvider provider;
    private final InsyncWatcher watcher;

    ChangeSubmitter(DnsProvider provider, InsyncWatcher watcher) {
        this.provider = provider;
        this.watcher = watcher;
    }

    void submit(String zoneId, List<BatchPacker.Slice<PendingRequest>> slices) {
        List<RecordChange> changes = slices.stream().flatMap(s -> s.changes().stream()).toList();
        String changeId;
        try {
            changeId = provider.applyChanges(zoneId, changes, comment(slices));
        } catch (RejectedChangeException e) {
            if (slices.size() == 1) {
                PendingRequest bad = slices.get(0).owner();
                log.warn("Route53 rejected the change of {}: {}", bad.describe(), e.getMessage());
                bad.fail(new StepFailure("Route53 rejected the change: " + e.getMessage()));
                return;
            }
            log.info("Route53 rejected a batch of {} requests; retrying them in halves", slices.size());
            int half = slices.size() / 2;
            submit(zoneId, slices.subList(0, half));
            submit(zoneId, slices.subList(half, slices.size()));
            return;
        } catch (DnsUnavailableException e) {
            PendingRequest.failAll(slices.stream().map(BatchPacker.Slice::owner).toList(), e);
            return;
        }
        log.info("change {} submitted: {} change(s) for {}", changeId, changes.size(), comment(slices));
        List<PendingRequest> owners = new ArrayList<>();
        for (BatchPacker.Slice<PendingRequest> slice : slices) {
            slice.owner().changed(changeId, slice.changes().size());
            owners.add(slice.owner());
        }
        watcher.watch(changeId, owners);
    }

    /** Route53 keeps a batch's comment, at most 256 characters: the environments it is for. */
    private static String comment(List<BatchPacker.Slice<PendingRequest>> slices) {
        String text = "envsaga: " + slices.stream().map(s -> s.owner().describe()).distinct().collect(Collectors.joining(", "));
        return text.length() <= MAX_COMMENT ? text : text.substring(0, MAX_COMMENT - 3) + "...";
    }
}
