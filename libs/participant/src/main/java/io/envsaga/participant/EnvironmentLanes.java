package io.envsaga.participant;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orders the commands of each environment: at most one runs at a time, a newer one supersedes
 * an older one that is running or waiting, and one older than the newest seen is dropped. So a
 * step never applies an older generation after a newer one, whatever the delivery order.
 * Different environments run independently. A lane idle for {@link #KEEP_IDLE} (nothing running
 * or waiting: the environment has settled) is forgotten, so that the state is bounded by the
 * environments in flight, not by every environment ever seen; a command of a forgotten
 * environment is judged by the adapters' own generation guard (architecture.md).
 */
final class EnvironmentLanes {

    private static final Logger log = LoggerFactory.getLogger(EnvironmentLanes.class);

    /** What to do with a job that will never run: settle it (ack) without a result. */
    interface Settler {
        void dropped(CommandJob job, String why);
    }

    /** How long a settled environment's newest order is kept: longer than a redelivery takes to arrive. */
    static final java.time.Duration KEEP_IDLE = java.time.Duration.ofMinutes(10);

    private static final class Lane {
        CommandJob.Order newest;
        CommandJob running;
        CommandJob waiting;
        long idleSince;
    }

    private final Map<String, Lane> lanes = new HashMap<>();
    private final Consumer<CommandJob> start;
    private final Settler settler;
    private final java.util.function.LongSupplier nanoTime;
    private final long keepIdleNanos;
    private long lastEviction;

    /** @param start runs a job (asynchronously); it must call {@link #finished} when the job is settled */
    EnvironmentLanes(Consumer<CommandJob> start, Settler settler) {
        this(start, settler, System::nanoTime, KEEP_IDLE);
    }

    EnvironmentLanes(Consumer<CommandJob> start, Settler settler, java.util.function.LongSupplier nanoTime, java.time.Duration keepIdle) {
        this.start = start;
        this.settler = settler;
        this.nanoTime = nanoTime;
        this.keepIdleNanos = keepIdle.toNanos();
        this.lastEviction = nanoTime.getAsLong();
    }

    /** Forgets lanes idle for longer than the keep time; at most once per keep time, so that it costs nothing per command. */
    private void evictIdle() {
        long now = nanoTime.getAsLong();
        if (now - lastEviction < keepIdleNanos) {
            return;
        }
        lastEviction = now;
        lanes.values().removeIf(lane -> lane.running == null && lane.waiting == null && now - lane.idleSince >= keepIdleNanos);
    }

    /** Environments whose state is kept now. */
    synchronized int environments() {
        return lanes.size();
    }

    void submit(CommandJob job) {
        CommandJob toStart = null;
        CommandJob dropped = null;
        String why = null;
        CommandJob cancelledRetry = null;
        synchronized (this) {
            evictIdle();
            Lane lane = lanes.computeIfAbsent(job.environmentName(), name -> new Lane());
            if (lane.newest != null && job.order.isOlderThan(lane.newest)) {
                dropped = job;
                why = "stale: generation " + lane.newest.generation() + " was already received";
            } else {
                lane.newest = job.order;
                if (lane.running == null) {
                    lane.running = job;
                    toStart = job;
                } else {
                    if (lane.waiting != null) {
                        dropped = lane.waiting;
                        why = "superseded by generation " + job.order.generation() + " before it started";
                    }
                    lane.waiting = job;
                    if (lane.running.order.isOlderThan(job.order) && lane.running.supersede()) {
                        cancelledRetry = lane.running;
                    }
                }
            }
        }
        if (dropped != null) {
            settler.dropped(dropped, why);
        }
        if (cancelledRetry != null) {
            settler.dropped(cancelledRetry, "superseded by generation " + job.order.generation() + " while waiting to retry");
            finished(cancelledRetry);
        }
        if (toStart != null) {
            start.accept(toStart);
        }
    }

    /** The job is settled: start the one waiting behind it, if any. */
    void finished(CommandJob job) {
        CommandJob next;
        synchronized (this) {
            Lane lane = lanes.get(job.environmentName());
            if (lane == null || lane.running != job) {
                log.warn("finished a job that was not running: {}", job.event.describe());
                return;
            }
            next = lane.waiting;
            lane.running = next;
            lane.waiting = null;
            if (next == null) {
                lane.idleSince = nanoTime.getAsLong();
            }
        }
        if (next != null) {
            start.accept(next);
        }
    }

    /** The job each environment is running (or waiting to retry). */
    synchronized java.util.List<CommandJob> running() {
        return lanes.values().stream().map(l -> l.running).filter(java.util.Objects::nonNull).toList();
    }

    /**
     * Forgets every running and waiting job (their commands were handed back to the broker) but
     * keeps the newest order seen per environment: an older command is still stale later.
     */
    synchronized void abandonAll() {
        long now = nanoTime.getAsLong();
        lanes.values().forEach(lane -> {
            lane.running = null;
            lane.waiting = null;
            lane.idleSince = now;
        });
    }

    /** Jobs running or waiting, over all environments. */
    synchronized int inFlight() {
        return lanes.values().stream().mapToInt(l -> (l.running != null ? 1 : 0) + (l.waiting != null ? 1 : 0)).sum();
    }
}
