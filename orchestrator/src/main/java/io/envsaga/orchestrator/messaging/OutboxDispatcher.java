package io.envsaga.orchestrator.messaging;

import io.envsaga.bus.EventPublisher;
import io.envsaga.bus.EventSource;
import io.envsaga.contracts.events.Event;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The outbox's way out, on a thread of its own (never a request or consumer thread): woken after
 * a commit, and polling besides, it reads a batch of rows (the connection goes back to the pool),
 * publishes them mandatory with publisher confirms, then deletes the confirmed rows in one short
 * statement. A row the broker did not take stays and is tried again with a growing backoff;
 * nothing waits on the broker while holding a database connection.
 *
 * <p>Order per environment: a batch goes out in waves, each with at most one message of an
 * environment, and the next wave only after the previous one is confirmed; a message that fails
 * holds back its environment's later ones until it is through.
 *
 * <p>Delivery is at least once: a crash between the confirm and the delete sends the rows again,
 * with the same message id; consumers drop duplicates (generations, SagaEngine).
 */
@Component
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);

    private final Outbox outbox;
    private final OutboxSignal signal;
    private final EventPublisher publisher;
    private final EventSource source;
    private final OutboxProperties properties;
    private final ObjectProvider<OutboxListener> listeners;
    private final Clock clock;
    private final String owner = "orchestrator-" + UUID.randomUUID();
    private volatile boolean running;
    private volatile Thread thread;
    private Instant leaseUntil = Instant.EPOCH;

    public OutboxDispatcher(Outbox outbox, OutboxSignal signal, EventPublisher publisher, EventSource source, OutboxProperties properties,
                            ObjectProvider<OutboxListener> listeners, Clock clock) {
        this.outbox = outbox;
        this.signal = signal;
        this.publisher = publisher;
        this.source = source;
        this.properties = properties;
        this.listeners = listeners;
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::run, "outbox-dispatcher");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        if (thread == null) {
            return;
        }
        running = false;
        signal.wake();
        try {
            thread.join(properties.maxBackoff().plusSeconds(15).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            outbox.release(owner);
        } catch (RuntimeException e) {
            log.info("could not give up the outbox lease (another replica takes over when it lapses): {}", e.getMessage());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        Duration backoff = Duration.ZERO;
        while (running) {
            try {
                if (!leader()) {
                    signal.await(properties.lease().dividedBy(2));
                    continue;
                }
                Round round = dispatchOnce();
                if (round.failed() > 0) {
                    backoff = backoff.isZero() ? Duration.ofMillis(100) : min(backoff.multipliedBy(2), properties.maxBackoff());
                    Thread.sleep(backoff.toMillis());
                } else {
                    backoff = Duration.ZERO;
                    if (round.read() < properties.batchSize()) {
                        signal.await(properties.pollInterval());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                backoff = backoff.isZero() ? Duration.ofMillis(100) : min(backoff.multipliedBy(2), properties.maxBackoff());
                log.warn("outbox round failed, next try in {} ms: {}", backoff.toMillis(), e.getMessage());
                sleepQuietly(backoff);
            }
        }
    }

    /** Holds the lease, renewing it when half of it is gone; one statement every lease/2 at most. */
    private boolean leader() {
        Instant now = clock.instant();
        if (now.isBefore(leaseUntil.minus(properties.lease().dividedBy(2)))) {
            return true;
        }
        Instant until = now.plus(properties.lease());
        leaseUntil = outbox.lease(owner, now, until) ? until : Instant.EPOCH;
        return leaseUntil.isAfter(now);
    }

    record Round(int read, int published, int failed) {
    }

    /** One batch: read, publish in waves, delete what the broker confirmed, tell the listeners. */
    Round dispatchOnce() {
        List<OutboxMessage> batch = outbox.oldest(properties.batchSize());
        if (batch.isEmpty()) {
            return new Round(0, 0, 0);
        }
        Map<String, Deque<OutboxMessage>> byEnvironment = new LinkedHashMap<>();
        batch.forEach(m -> byEnvironment.computeIfAbsent(m.environment(), e -> new ArrayDeque<>()).add(m));
        List<OutboxMessage> published = new ArrayList<>();
        int failed = 0;
        String firstFailure = null;
        while (!byEnvironment.isEmpty()) {
            List<OutboxMessage> wave = new ArrayList<>();
            byEnvironment.values().forEach(queue -> wave.add(queue.poll()));
            byEnvironment.values().removeIf(Deque::isEmpty);
            Map<String, String> failures = publisher.publishAll(wave.stream().map(m -> (Event<?>) m.toEvent(source)).toList());
            for (OutboxMessage m : wave) {
                String failure = failures.get(m.id());
                if (failure == null) {
                    published.add(m);
                } else {
                    // the environment's later messages wait for this one: its order holds
                    failed += 1 + byEnvironment.getOrDefault(m.environment(), new ArrayDeque<>()).size();
                    byEnvironment.remove(m.environment());
                    firstFailure = firstFailure == null ? failure : firstFailure;
                }
            }
        }
        outbox.delete(published.stream().map(OutboxMessage::sequence).toList());
        for (OutboxMessage m : published) {
            listeners.orderedStream().forEach(listener -> {
                try {
                    listener.published(m);
                } catch (RuntimeException e) {
                    log.warn("outbox listener {} failed on {}: {}", listener.getClass().getSimpleName(), m.id(), e.getMessage());
                }
            });
        }
        if (failed > 0) {
            log.warn("{} of {} outbox messages not taken by the broker, trying again: {}", failed, batch.size(), firstFailure);
        }
        return new Round(batch.size(), published.size(), failed);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
