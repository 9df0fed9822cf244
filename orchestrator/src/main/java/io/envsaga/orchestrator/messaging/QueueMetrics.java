package io.envsaga.orchestrator.messaging;

import io.envsaga.contracts.bus.BusTopology;
import io.envsaga.orchestrator.cluster.Clusters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The queues the orchestrator declares, as an operator watches them: {@code envsaga.dlq.messages}
 * (messages in each dead-letter queue, label {@code queue}: the DLQ's name, a fixed set) and
 * {@code envsaga.step.queue.consumers} (consumers of each step's queue, labels {@code step} and
 * {@code cluster}: 0 means no replica of that step service is connected). Read from the broker
 * every {@code envsaga.orchestrator.metrics.queue-poll} with a passive declare per queue
 * ({@link AmqpAdmin#getQueueInfo}), not on each scrape, on a thread of its own: a stalled broker
 * holds this thread for the channel timeout, never the shared scheduler of the deadline sweep. A
 * queue that could not be read (missing; every queue, when the broker did not answer) reads NaN,
 * which no alert takes for 0.
 */
@Component
public class QueueMetrics implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(QueueMetrics.class);

    private final AmqpAdmin admin;
    private final List<String> queues;
    private final Map<String, QueueInformation> readings = new ConcurrentHashMap<>();
    private final Duration every;
    private ScheduledExecutorService poller;

    public QueueMetrics(MeterRegistry registry, AmqpAdmin admin, BusTopology topology, Clusters clusters,
                        @Value("${envsaga.orchestrator.metrics.queue-poll:15s}") Duration every) {
        this.admin = admin;
        this.every = every;
        this.queues = topology.all(clusters.stepsByCluster()).getDeclarablesByType(Queue.class).stream().map(Queue::getName).toList();
        for (String queue : queues) {
            if (queue.endsWith(topology.deadLetterQueue(""))) {
                Gauge.builder("envsaga.dlq.messages", () -> read(queue, QueueInformation::getMessageCount)).tag("queue", queue)
                        .description("messages in a dead-letter queue the orchestrator declares").register(registry);
            }
        }
        clusters.stepsByCluster().forEach((cluster, steps) -> steps.forEach(step -> {
            String queue = topology.stepQueue(step, cluster);
            Gauge.builder("envsaga.step.queue.consumers", () -> read(queue, QueueInformation::getConsumerCount))
                    .tag("step", step.id()).tag("cluster", cluster)
                    .description("consumers of a step's queue: 0 is no replica of its step service connected").register(registry);
        }));
    }

    @Override
    public synchronized void start() {
        poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "queue-metrics");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(this::poll, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return poller != null;
    }

    /** One round: each queue's information, or none when it is missing; all none when the broker does not answer. */
    void poll() {
        for (String queue : queues) {
            try {
                QueueInformation information = admin.getQueueInfo(queue);
                if (information == null) {
                    readings.remove(queue);
                } else {
                    readings.put(queue, information);
                }
            } catch (RuntimeException e) {
                readings.clear(); // the broker is away or stalled: the next round tries again, not the next queue
                log.debug("could not read the queues: {}", e.getMessage());
                return;
            }
        }
    }

    private double read(String queue, ToDoubleFunction<QueueInformation> value) {
        QueueInformation information = readings.get(queue);
        return information == null ? Double.NaN : value.applyAsDouble(information);
    }
}
