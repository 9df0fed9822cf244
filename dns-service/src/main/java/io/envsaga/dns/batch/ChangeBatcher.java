package io.envsaga.dns.batch;

import io.envsaga.dns.nodes.NodeAddresses;
import io.envsaga.dns.plan.Plan;
import io.envsaga.dns.plan.Ownership;
import io.envsaga.dns.plan.Planner;
import io.envsaga.dns.plan.RecordChange;
import io.envsaga.dns.plan.ZoneState;
import io.envsaga.dns.provider.DnsProvider;
import io.envsaga.dns.provider.DnsUnavailableException;
import io.envsaga.dns.provider.RejectedChangeException;
import io.envsaga.participant.StepFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one batch executor of the account. Requests of concurrent environments wait a moment
 * (until no new one came for the quiet period, at most the max delay), then, per zone, the
 * executor reads the zone once, plans every request against it in turn, packs the changes into as
 * few ChangeResourceRecordSets calls as Route53's limits allow, and watches each change with
 * GetChange until it is INSYNC; a request completes when all its changes are.
 *
 * <p>Everything that talks to Route53 runs on one thread, through one token bucket: the rate
 * limit holds however many environments arrive at once. When Route53 rejects a batch
 * (InvalidChangeBatch), its requests are halved and retried until the bad one stands alone and
 * fails with Route53's message; the others go through.
 */
public final class ChangeBatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChangeBatcher.class);
    private static final int MAX_COMMENT = 256;

    /** What one environment (or the node-IP watcher) asks of one zone. */
    public sealed interface Request {
        String zone();

        String describe();
    }

    /** Bring the environment's hosts up. */
    public record Apply(Planner.Desired desired) implements Request {
        public String zone() {
            return desired.zone();
        }

        public String describe() {
            return desired.environment();
        }
    }

    /** Delete what the environment owns in the zone, up to a generation (what a newer generation wrote stays). */
    public record Release(String environment, String zone, long upToGeneration) implements Request {
        public Release(String environment, String zone) {
            this(environment, zone, Long.MAX_VALUE);
        }

        public String describe() {
            return environment;
        }
    }

    /** Point every record envsaga owns in the zone at the current node IPs. */
    public record Resync(String zone) implements Request {
        public String describe() {
            return "node-address resync";
        }
    }

    /** How a request ended: the changes it took (none if everything was already right) and the IPs used. */
    public record Outcome(List<String> changeIds, int changes, List<String> addresses) {
    }

    private static final class Pending {
        final Request request;
        final CompletableFuture<Outcome> future = new CompletableFuture<>();
        final Set<String> outstanding = new LinkedHashSet<>();
        final List<String> changeIds = new ArrayList<>();
        int changes;
        List<String> addresses = List.of();

        Pending(Request request) {
            this.request = request;
        }

        void changed(String changeId, int count) {
            outstanding.add(changeId);
            changeIds.add(changeId);
            changes += count;
        }

        void insync(String changeId) {
            outstanding.remove(changeId);
            if (outstanding.isEmpty()) {
                future.complete(new Outcome(List.copyOf(changeIds), changes, addresses));
            }
        }
    }

    private final String installation;
    private final DnsProvider dns;
    private final NodeAddresses nodes;
    private final BatchProperties batch;
    private final InsyncProperties insync;
    private final ScheduledExecutorService loop;
    private final Map<String, String> zoneIds = new HashMap<>();
    private final Map<String, List<Pending>> watchers = new HashMap<>();

    private final List<Pending> queued = new ArrayList<>();
    private long firstArrival;
    private long lastArrival;
    private boolean scheduled;

    public ChangeBatcher(DnsProvider dns, NodeAddresses nodes, BatchProperties batch, InsyncProperties insync) {
        this(dns, nodes, batch, insync, Ownership.DEFAULT_INSTALLATION);
    }

    /** @param installation the owner id of this installation's records (releases and resyncs touch only those) */
    public ChangeBatcher(DnsProvider dns, NodeAddresses nodes, BatchProperties batch, InsyncProperties insync, String installation) {
        this.installation = installation;
        this.dns = dns;
        this.nodes = nodes;
        this.batch = batch;
        this.insync = insync;
        this.loop = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dns-batch-executor");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The owner id of this installation's records. */
    public String installation() {
        return installation;
    }

    /**
     * Queues a request; the future completes when its changes are INSYNC, or fails with a
     * {@link StepFailure} (refused, rejected by Route53) or a {@link DnsUnavailableException}
     * (transient). Cancelling the future before its batch starts withdraws the request.
     */
    public CompletableFuture<Outcome> submit(Request request) {
        Pending pending = new Pending(request);
        synchronized (this) {
            long now = System.nanoTime();
            if (queued.isEmpty()) {
                firstArrival = now;
            }
            lastArrival = now;
            queued.add(pending);
            if (!scheduled) {
                scheduled = true;
                loop.schedule(this::startWhenQuiet, batch.quietPeriod().toNanos(), TimeUnit.NANOSECONDS);
            }
        }
        return pending.future;
    }

    private void startWhenQuiet() {
        List<Pending> taken;
        synchronized (this) {
            long now = System.nanoTime();
            long quietLeft = lastArrival + batch.quietPeriod().toNanos() - now;
            long maxLeft = firstArrival + batch.maxDelay().toNanos() - now;
            if (quietLeft > 0 && maxLeft > 0) {
                loop.schedule(this::startWhenQuiet, Math.min(quietLeft, maxLeft), TimeUnit.NANOSECONDS);
                return;
            }
            taken = new ArrayList<>(queued);
            queued.clear();
            scheduled = false;
        }
        Map<String, List<Pending>> byZone = new LinkedHashMap<>();
        taken.stream().filter(p -> !p.future.isDone()).forEach(p -> byZone.computeIfAbsent(p.request.zone(), z -> new ArrayList<>()).add(p));
        byZone.forEach((zone, requests) -> {
            try {
                runZone(zone, requests);
            } catch (RuntimeException e) {
                log.error("batch for zone {} failed unexpectedly", zone, e);
                requests.forEach(p -> p.future.completeExceptionally(new DnsUnavailableException("dns batch failed: " + e.getMessage())));
            }
        });
    }

    private void runZone(String zone, List<Pending> requests) {
        log.info("batch for zone {}: {} request(s): {}", zone, requests.size(),
                requests.stream().map(p -> p.request.describe()).collect(Collectors.joining(", ")));
        String zoneId;
        ZoneState state;
        try {
            Optional<String> id = zoneId(zone);
            if (id.isEmpty()) {
                // nothing can be made there, so nothing is there to release
                for (Pending pending : requests) {
                    if (pending.request instanceof Apply) {
                        pending.future.completeExceptionally(new StepFailure("hosted zone " + zone + " does not exist in Route53 (or is private)"));
                    } else {
                        pending.future.complete(new Outcome(List.of(), 0, nodes.current()));
                    }
                }
                return;
            }
            zoneId = id.get();
            state = dns.records(zone, zoneId);
        } catch (DnsUnavailableException e) {
            zoneIds.remove(zone); // the zone may have been deleted and made again: look it up anew next time
            fail(requests, e);
            return;
        }
        List<String> addresses = nodes.current();
        List<BatchPacker.Slice<Pending>> slices = new ArrayList<>();
        for (Pending pending : requests) {
            pending.addresses = addresses;
            Plan plan;
            if (pending.request instanceof Apply apply) {
                plan = Planner.apply(apply.desired(), addresses, state);
            } else if (pending.request instanceof Release release) {
                plan = Planner.release(installation, release.environment(), release.upToGeneration(), state);
            } else {
                plan = Planner.resync(installation, addresses, state);
            }
            if (plan instanceof Plan.Refused refused) {
                boolean noAddresses = addresses.isEmpty();
                pending.future.completeExceptionally(noAddresses ? new DnsUnavailableException(refused.reason()) : new StepFailure(refused.reason()));
                continue;
            }
            Plan.Changes changes = (Plan.Changes) plan;
            if (changes.isEmpty()) {
                pending.future.complete(new Outcome(List.of(), 0, addresses));
                continue;
            }
            state = state.after(changes.all());
            slices.add(new BatchPacker.Slice<>(pending, changes.hosts()));
        }
        for (List<BatchPacker.Slice<Pending>> changeBatch : BatchPacker.pack(slices, batch.limits())) {
            submit(zoneId, changeBatch);
        }
    }

    private Optional<String> zoneId(String zone) {
        String known = zoneIds.get(zone);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> found = dns.findZoneId(zone);
        found.ifPresent(id -> zoneIds.put(zone, id));
        return found;
    }

    /** Submits a batch; on InvalidChangeBatch, halves it by request until the bad request stands alone. */
    private void submit(String zoneId, List<BatchPacker.Slice<Pending>> slices) {
        List<RecordChange> changes = slices.stream().flatMap(s -> s.changes().stream()).toList();
        String changeId;
        try {
            changeId = dns.applyChanges(zoneId, changes, comment(slices));
        } catch (RejectedChangeException e) {
            if (slices.size() == 1) {
                Pending bad = slices.get(0).owner();
                log.warn("Route53 rejected the change of {}: {}", bad.request.describe(), e.getMessage());
                bad.future.completeExceptionally(new StepFailure("Route53 rejected the change: " + e.getMessage()));
                return;
            }
            log.info("Route53 rejected a batch of {} requests; retrying them in halves", slices.size());
            int half = slices.size() / 2;
            submit(zoneId, slices.subList(0, half));
            submit(zoneId, slices.subList(half, slices.size()));
            return;
        } catch (DnsUnavailableException e) {
            fail(slices.stream().map(BatchPacker.Slice::owner).toList(), e);
            return;
        }
        log.info("change {} submitted: {} change(s) for {}", changeId, changes.size(), comment(slices));
        List<Pending> owners = new ArrayList<>();
        for (BatchPacker.Slice<Pending> slice : slices) {
            slice.owner().changed(changeId, slice.changes().size());
            owners.add(slice.owner());
        }
        watchers.put(changeId, owners);
        long deadline = System.nanoTime() + insync.timeout().toNanos();
        loop.schedule(() -> poll(changeId, 1, deadline), insync.firstPoll().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void poll(String changeId, int attempt, long deadline) {
        boolean done;
        try {
            done = dns.isInsync(changeId);
        } catch (DnsUnavailableException e) {
            log.warn("GetChange {} failed: {}", changeId, e.getMessage());
            done = false;
        }
        if (done) {
            log.info("change {} is INSYNC", changeId);
            watchers.remove(changeId).forEach(p -> p.insync(changeId));
            return;
        }
        if (System.nanoTime() >= deadline) {
            fail(watchers.remove(changeId), new DnsUnavailableException("Route53 change " + changeId + " was not INSYNC within " + insync.timeout()));
            return;
        }
        Duration delay = insync.backoff().delay(attempt + 1, ThreadLocalRandom.current().nextDouble());
        loop.schedule(() -> poll(changeId, attempt + 1, deadline), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static void fail(List<Pending> requests, RuntimeException error) {
        requests.forEach(p -> p.future.completeExceptionally(error));
    }

    private static String comment(List<BatchPacker.Slice<Pending>> slices) {
        String text = "envsaga: " + slices.stream().map(s -> s.owner().request.describe()).distinct().collect(Collectors.joining(", "));
        return text.length() <= MAX_COMMENT ? text : text.substring(0, MAX_COMMENT - 3) + "...";
    }

    @Override
    public void close() {
        loop.shutdownNow();
    }
}
