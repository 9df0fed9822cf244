package io.envsaga.testsupport.concurrency;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Thread pools for tests. */
public final class TestThreads {

    private TestThreads() {
    }

    /**
     * A cached pool of daemon threads for steps that block while they wait: a pool of their own,
     * not the common pool (which has one thread on two cores).
     */
    public static ExecutorService forBlockingSteps() {
        return Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "test-step");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A call that blocks, e.g. a step's apply. */
    @FunctionalInterface
    public interface Blocking<T> {
        T call() throws Exception;
    }

    /** Runs a blocking call on the pool; its exception (an interruption too) completes the future. */
    public static <T> CompletableFuture<T> supply(ExecutorService pool, Blocking<T> call) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return call.call();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, pool);
    }
}
