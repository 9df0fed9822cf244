package io.envsaga.dns.batch;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.Lifecycle;
import org.springframework.context.SmartLifecycle;

/**
 * Makes one replica of dns-service the account's only batch executor: the replica whose broker
 * connection holds an exclusive queue (the lease) consumes the dns step's queue; the others wait,
 * consuming nothing and calling Route53 never, and try to take the lease over every
 * {@code retryInterval}. The broker deletes an exclusive queue when its connection goes, so a
 * crashed executor's lease frees itself. Thus the configured rate limit holds across replicas.
 */
public final class ExecutorLease implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ExecutorLease.class);

    private final ConnectionFactory connectionFactory;
    private final String queue;
    private final Lifecycle consumer;
    private final Duration retryInterval;
    private final List<Runnable> onAcquired = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService timer;
    private Connection connection;
    private Channel channel;
    private volatile boolean held;
    private volatile boolean running;

    /**
     * @param queue    the lease's name, e.g. {@code envsaga.dns.executor-lease}
     * @param consumer started while the lease is held, stopped when it is lost
     */
    public ExecutorLease(ConnectionFactory connectionFactory, String queue, Lifecycle consumer, Duration retryInterval) {
        this.connectionFactory = connectionFactory;
        this.queue = queue;
        this.consumer = consumer;
        this.retryInterval = retryInterval;
    }

    /** Runs each time this replica becomes the executor. */
    public void onAcquired(Runnable action) {
        onAcquired.add(action);
    }

    public boolean isHeld() {
        return held;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dns-executor-lease");
            thread.setDaemon(true);
            return thread;
        });
        check(); // a lone replica starts consuming at once
        timer.scheduleWithFixedDelay(this::check, retryInterval.toMillis(), retryInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void check() {
        if (!running) {
            return;
        }
        if (held) {
            if (channel != null && channel.isOpen()) {
                return;
            }
            log.warn("lost the dns batch executor lease {}: no longer consuming", queue);
            held = false;
            consumer.stop();
        }
        try {
            if (connection == null || !connection.isOpen()) {
                connection = connectionFactory.newConnection("dns-executor-lease");
            }
            channel = connection.createChannel();
            channel.queueDeclare(queue, false, true, true, null);
        } catch (Exception e) {
            // RESOURCE_LOCKED: another replica holds it (or the broker is away): wait and try again
            log.debug("dns batch executor lease {} not taken: {}", queue, e.getMessage());
            channel = null;
            return;
        }
        held = true;
        log.info("took the dns batch executor lease {}: this replica consumes the dns step and calls Route53", queue);
        consumer.start();
        onAcquired.forEach(Runnable::run);
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (timer != null) {
            timer.shutdownNow();
        }
        consumer.stop();
        held = false;
        try {
            if (connection != null && connection.isOpen()) {
                connection.close(); // deletes the exclusive queue: another replica can take over at once
            }
        } catch (Exception e) {
            log.debug("closing the lease connection: {}", e.getMessage());
        }
        connection = null;
        channel = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the listener containers would have started, before the web server: it starts the consumer itself. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }
}
