package io.envsaga.testsupport.concurrency;

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
}
