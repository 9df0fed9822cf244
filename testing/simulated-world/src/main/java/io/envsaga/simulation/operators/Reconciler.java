package io.envsaga.simulation.operators;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The one thread a simulated operator reconciles on, off the informers' threads (which deliver
 * every object's events in turn: a server starting there would hold them all). Tasks run in the
 * order submitted; one that throws is handed to {@code failed} and the next event reconciles again.
 */
final class Reconciler implements AutoCloseable {

    private final ExecutorService thread;
    private final Consumer<RuntimeException> failed;
    private final Duration closeWithin;

    /** @param closeWithin how long {@link #close()} waits for a running task (a server start) to end */
    Reconciler(String name, Consumer<RuntimeException> failed, Duration closeWithin) {
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        this.failed = failed;
        this.closeWithin = closeWithin;
    }

    void submit(Runnable task) {
        if (!thread.isShutdown()) {
            thread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    failed.accept(e);
                }
            });
        }
    }

    /** Interrupts what runs, runs nothing more. */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(closeWithin.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
