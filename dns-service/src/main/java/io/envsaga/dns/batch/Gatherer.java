package io.envsaga.dns.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Gathers the requests of concurrent environments into one batch: it starts once no new request
 * came for the quiet period, at most the max delay after its first request, so that a burst of
 * environments costs one read per zone and as few change batches as possible.
 */
final class Gatherer {

    private final ScheduledExecutorService loop;
    private final BatchProperties batch;
    private final Consumer<List<PendingRequest>> start;
    private final List<PendingRequest> queued = new ArrayList<>();
    private long firstArrival;
    private long lastArrival;
    private boolean scheduled;

    /** @param start runs on {@code loop} with the gathered requests, in the order they came */
    Gatherer(ScheduledExecutorService loop, BatchProperties batch, Consumer<List<PendingRequest>> start) {
        this.loop = loop;
        this.batch = batch;
        this.start = start;
    }

    synchronized void add(PendingRequest pending) {
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

    private void startWhenQuiet() {
        List<PendingRequest> taken;
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
        start.accept(taken);
    }
}
