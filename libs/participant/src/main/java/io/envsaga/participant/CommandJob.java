package io.envsaga.participant;

import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.spec.Environment;
import java.util.concurrent.ScheduledFuture;

/** One received command of the orchestrator, from delivery until it is settled. */
final class CommandJob {

    /**
     * Where a command stands among the commands of its environment: by generation, and within a
     * generation apply before rollback before deletion.
     */
    record Order(long generation, int rank) implements Comparable<Order> {
        @Override
        public int compareTo(Order other) {
            int byGeneration = Long.compare(generation, other.generation);
            return byGeneration != 0 ? byGeneration : Integer.compare(rank, other.rank);
        }

        boolean isOlderThan(Order other) {
            return compareTo(other) < 0;
        }
    }

    final Event<?> event;
    final StepContext.Command command;
    final Environment environment;
    final Delivery delivery;
    final Order order;

    private volatile boolean superseded;
    private int attempts;
    private Thread runner;
    private ScheduledFuture<?> retryTimer;

    CommandJob(Event<?> event, StepContext.Command command, Environment environment, Delivery delivery) {
        this.event = event;
        this.command = command;
        this.environment = environment;
        this.delivery = delivery;
        this.order = new Order(event.generation(), command.ordinal());
    }

    String environmentName() {
        return event.subject();
    }

    boolean isSuperseded() {
        return superseded;
    }

    /**
     * Marks the job superseded and stops what it is doing: interrupts a running attempt, or
     * cancels a pending retry. Returns true when a retry timer was cancelled, in which case no
     * attempt will run and the caller must settle the job.
     */
    synchronized boolean supersede() {
        superseded = true;
        if (runner != null) {
            runner.interrupt();
            return false;
        }
        return retryTimer != null && retryTimer.cancel(false);
    }

    /**
     * Stops what the job is doing because this replica is shutting down: interrupts a running
     * attempt and cancels a pending retry, without settling anything (the broker gives the
     * unacknowledged command to the next replica).
     */
    synchronized void halt() {
        if (runner != null) {
            runner.interrupt();
        }
        if (retryTimer != null) {
            retryTimer.cancel(false);
        }
    }

    /** Claims the current thread for an attempt; false if the job was superseded meanwhile. */
    synchronized boolean beginAttempt() {
        if (superseded) {
            return false;
        }
        runner = Thread.currentThread();
        retryTimer = null;
        attempts++;
        return true;
    }

    /** Releases the thread, clearing an interrupt meant for this job only. */
    synchronized void endAttempt() {
        runner = null;
        Thread.interrupted();
    }

    /** Arms the retry timer unless the job was superseded meanwhile (then false). */
    synchronized boolean scheduleRetry(java.util.function.Supplier<ScheduledFuture<?>> timer) {
        if (superseded) {
            return false;
        }
        retryTimer = timer.get();
        return true;
    }

    synchronized int attempts() {
        return attempts;
    }
}
