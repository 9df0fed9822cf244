package io.envsaga.dns.batch;

import io.envsaga.dns.nodes.NodeAddresses;
import io.envsaga.dns.plan.Ownership;
import io.envsaga.dns.plan.Planner;
import io.envsaga.dns.provider.DnsProvider;
import io.envsaga.dns.provider.DnsUnavailableException;
import io.envsaga.participant.StepFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one batch executor of the account. Requests of concurrent environments wait a moment
 * (until no new one came for the quiet period, at most the max delay: {@link Gatherer}), then, per
 * zone, the executor reads the zone once and plans every request against it in turn
 * ({@link ZonePlanning}), packs the changes into as few change batches as the provider's limits
 * allow ({@link BatchPacker}), submits them ({@link ChangeSubmitter}) and watches each change until
 * it is INSYNC ({@link InsyncWatcher}); a request completes when all its changes are.
 *
 * <p>Everything that talks to the {@link DnsProvider} runs on one thread, so the provider's rate
 * limit holds however many environments arrive at once. When the provider rejects a batch, its
 * requests are halved and retried until the bad one stands alone and fails with the provider's
 * message; the others go through.
 */
public final class ChangeBatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChangeBatcher.class);

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

    private final String installation;
    private final BatchProperties batch;
    private final ScheduledExecutorService loop;
    private final Gatherer gatherer;
    private final ZonePlanning planning;
    private final ChangeSubmitter submitter;

    public ChangeBatcher(DnsProvider provider, NodeAddresses nodes, BatchProperties batch, InsyncProperties insync) {
        this(provider, nodes, batch, insync, Ownership.DEFAULT_INSTALLATION);
    }

    /** @param installation the owner id of this installation's records (releases and resyncs touch only those) */
    public ChangeBatcher(DnsProvider provider, NodeAddresses nodes, BatchProperties batch, InsyncProperties insync, String installation) {
        this.installation = installation;
        this.batch = batch;
        this.loop = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dns-batch-executor");
            thread.setDaemon(true);
            return thread;
        });
        this.gatherer = new Gatherer(loop, batch, this::run);
        this.planning = new ZonePlanning(provider, nodes, installation);
        this.submitter = new ChangeSubmitter(provider, new InsyncWatcher(provider, loop, insync));
    }

    /** The owner id of this installation's records. */
    public String installation() {
        return installation;
    }

    /**
     * Queues a request; the future completes when its changes are INSYNC, or fails with a
     * {@link StepFailure} (refused, rejected by the provider) or a {@link DnsUnavailableException}
     * (transient). Cancelling the future before its batch starts withdraws the request.
     */
    public CompletableFuture<Outcome> submit(Request request) {
        PendingRequest pending = new PendingRequest(request);
        gatherer.add(pending);
        return pending.future();
    }

    /** One gathered batch, on the executor's thread: zone by zone, in the order the zones first came. */
    private void run(List<PendingRequest> gathered) {
        Map<String, List<PendingRequest>> byZone = new LinkedHashMap<>();
        gathered.stream().filter(p -> !p.isDone()).forEach(p -> byZone.computeIfAbsent(p.request().zone(), z -> new ArrayList<>()).add(p));
        byZone.forEach((zone, requests) -> {
            try {
                runZone(zone, requests);
            } catch (RuntimeException e) {
                log.error("batch for zone {} failed unexpectedly", zone, e);
                PendingRequest.failAll(requests, new DnsUnavailableException("dns batch failed: " + e.getMessage()));
            }
        });
    }

    private void runZone(String zone, List<PendingRequest> requests) {
        log.info("batch for zone {}: {} request(s): {}", zone, requests.size(),
                requests.stream().map(PendingRequest::describe).collect(Collectors.joining(", ")));
        planning.plan(zone, requests).ifPresent(planned -> BatchPacker.pack(planned.slices(), batch.limits())
                .forEach(changeBatch -> submitter.submit(planned.zoneId(), changeBatch)));
    }

    @Override
    public void close() {
        loop.shutdownNow();
    }
}
