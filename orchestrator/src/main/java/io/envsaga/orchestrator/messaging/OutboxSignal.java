package io.envsaga.orchestrator.messaging;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.stereotype.Component;

/** Wakes the outbox dispatcher after a commit; a wake-up while it works is not lost. */
@Component
public class OutboxSignal {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private boolean pending;

    public void wake() {
        lock.lock();
        try {
            pending = true;
            woken.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until woken or the time is up; true when woken. */
    boolean await(Duration atMost) throws InterruptedException {
        lock.lock();
        try {
            long nanos = atMost.toNanos();
            while (!pending && nanos > 0) {
                nanos = woken.awaitNanos(nanos);
            }
            boolean wasWoken = pending;
            pending = false;
            return wasWoken;
        } finally {
            lock.unlock();
        }
    }
}
