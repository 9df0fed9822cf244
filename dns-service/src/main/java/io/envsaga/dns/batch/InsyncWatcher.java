package io.envsaga.dns.batch;

import io.envsaga.dns.provider.DnsProvider;
import io.envsaga.dns.provider.DnsUnavailableException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches each accepted change until it is INSYNC: the first GetChange after the first poll, then
 * at growing intervals (doubling with jitter, capped). A change not INSYNC by the timeout fails its
 * requests, retryably. Runs on the batch executor's thread only.
 */
final class InsyncWatcher {

    private static final Logger log = LoggerFactory.getLogger(InsyncWatcher.class);

    private final DnsProvider provider;
    private final ScheduledExecutorService loop;
    private final InsyncProperties insync;
    private final Map<String, List<PendingRequest>> watched = new HashMap<>();

    InsyncWatcher(DnsProvider provider, ScheduledExecutorService loop, InsyncProperties insync) {
        this.provider = provider;
        this.loop = loop;
        this.insync = insync;
    }

    /** @param owners the requests with changes in it; each completes when all of its changes are INSYNC */
    void watch(String changeId, List<PendingRequest> owners) {
        watched.put(changeId, owners);
        long deadline = System.nanoTime() + insync.timeout().toNanos();
        loop.schedule(() -> poll(changeId, 1, deadline), insync.firstPoll().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void poll(String changeId, int attempt, long deadline) {
        boolean done;
        try {
            done = provider.isInsync(changeId);
        } catch (DnsUnavailableException e) {
            log.warn("GetChange {} failed: {}", changeId, e.getMessage());
            done = false;
        }
        if (done) {
            log.info("change {} is INSYNC", changeId);
            watched.remove(changeId).forEach(p -> p.insync(changeId));
            return;
        }
        if (System.nanoTime() >= deadline) {
            PendingRequest.failAll(watched.remove(changeId),
                    new DnsUnavailableException("Route53 change " + changeId + " was not INSYNC within " + insync.timeout()));
            return;
        }
        Duration delay = insync.backoff().delay(attempt + 1, ThreadLocalRandom.current().nextDouble());
        loop.schedule(() -> poll(changeId, attempt + 1, deadline), delay.toNanos(), TimeUnit.NANOSECONDS);
    }
}
