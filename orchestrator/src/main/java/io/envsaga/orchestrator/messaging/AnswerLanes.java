package io.envsaga.orchestrator.messaging;

import io.envsaga.bus.EventLogContext;
import io.envsaga.bus.tracing.MessageSpan;
import io.envsaga.bus.tracing.MessageTracing;
import io.envsaga.contracts.events.Event;
import io.envsaga.orchestrator.saga.SagaService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps' answers, applied by N lanes (threads) chosen by a hash of the environment's name:
 * answers of different environments run concurrently, those of one environment one after the
 * other in the order the broker delivered them. A lane takes what has queued up for it and applies
 * each environment's answers in one transaction, then acknowledges them; a database error puts
 * them back on the queue (requeue), where they come again.
 */
final class AnswerLanes implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AnswerLanes.class);

    /** One delivery. */
    record Answer(Event<?> event, Settlement settlement) {
    }

    /** Applies one environment's answers in one transaction ({@link SagaService#onStepEvents}). */
    interface Applier {
        void apply(String environment, List<Event<?>> answers);
    }

    private final Applier saga;
    private final MessageTracing tracing;
    private final int coalesce;
    private final List<BlockingQueue<Answer>> queues = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    AnswerLanes(Applier saga, AnswerLaneProperties properties, MessageTracing tracing) {
        this.saga = saga;
        this.tracing = tracing;
        this.coalesce = properties.coalesce();
        for (int i = 0; i < properties.lanes(); i++) {
            BlockingQueue<Answer> queue = new LinkedBlockingQueue<>();
            queues.add(queue);
            Thread thread = new Thread(() -> run(queue), "step-answers-" + (i + 1));
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    void submit(Answer answer) {
        queues.get(Math.floorMod(answer.event().subject().hashCode(), queues.size())).add(answer);
    }

    private void run(BlockingQueue<Answer> queue) {
        while (running) {
            List<Answer> taken = new ArrayList<>();
            try {
                Answer first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                taken.add(first);
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(taken, coalesce - 1);
            Map<String, List<Answer>> byEnvironment = new LinkedHashMap<>();
            taken.forEach(a -> byEnvironment.computeIfAbsent(a.event().subject(), k -> new ArrayList<>()).add(a));
            byEnvironment.forEach(this::apply);
        }
    }

    private void apply(String environment, List<Answer> answers) {
        Event<?> first = answers.get(0).event();
        // one span for the transaction, in the trace of the saga (every answer of a generation is in it); the events it
        // decides keep this span's context in the outbox, so the next commands and the outcome continue the trace
        try (EventLogContext ignored = EventLogContext.of(first);
             MessageSpan span = tracing.handling("saga answer " + first.routingKey(), first)) {
            answers.forEach(a -> span.event(a.event().routingKey() + " " + a.event().id()));
            saga.apply(environment, answers.stream().<Event<?>>map(Answer::event).toList());
        } catch (RuntimeException e) {
            log.warn("{} answer(s) for {} not applied, back to the queue: {}", answers.size(), environment, e.getMessage());
            answers.forEach(a -> settle(a, false));
            return;
        }
        answers.forEach(a -> settle(a, true));
    }

    private static void settle(Answer answer, boolean applied) {
        String failure = answer.settlement().settle(applied);
        if (failure != null) {
            // the channel is gone: the broker redelivers the answer, and a second application changes nothing
            log.info("could not settle the answer {} of {}: {}", answer.event().id(), answer.event().subject(), failure);
        }
    }

    /**
     * Stops taking answers; a lane finishes the transaction it is in (an interrupt inside a JDBC
     * call could close H2's file). What is left unacknowledged the broker delivers again.
     */
    @Override
    public void close() {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
