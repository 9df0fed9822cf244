package io.envsaga.participant;

import io.envsaga.bus.EventLogContext;
import io.envsaga.bus.EventPublisher;
import io.envsaga.bus.EventSource;
import io.envsaga.bus.tracing.MessageSpan;
import io.envsaga.bus.tracing.MessageTracing;
import io.envsaga.contracts.events.CommandKind;
import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Payloads;
import io.envsaga.contracts.events.Step;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the step for one command at a time per environment: calls the handler, retries transient
 * errors with backoff on a timer (no thread waits out a backoff, so other environments go on),
 * publishes the outcome with a publisher confirm, and only then acknowledges the command.
 */
final class StepRunner implements EnvironmentLanes.Settler {

    private static final Logger log = LoggerFactory.getLogger(StepRunner.class);

    private final StepHandler handler;
    private final EventPublisher publisher;
    private final EventSource source;
    private final ParticipantProperties.Retry retry;
    private final ExecutorService workers;
    private final ScheduledExecutorService timers;
    private final EnvironmentLanes lanes;
    private final MessageTracing tracing;
    /** Set when the replica shuts down: nothing starts, nothing is settled, the broker hands the commands on. */
    private volatile boolean closing;
    private final Object attemptsMonitor = new Object();
    private int attemptsRunning;

    StepRunner(StepHandler handler, EventPublisher publisher, EventSource source, ParticipantProperties.Retry retry,
               ExecutorService workers, ScheduledExecutorService timers, MessageTracing tracing) {
        this.handler = handler;
        this.publisher = publisher;
        this.source = source;
        this.retry = retry;
        this.workers = workers;
        this.timers = timers;
        this.tracing = tracing;
        this.lanes = new EnvironmentLanes(job -> {
            if (!closing) {
                workers.execute(() -> attempt(job));
            }
        }, this);
    }

    Step step() {
        return handler.step();
    }

    void submit(CommandJob job) {
        lanes.submit(job);
    }

    int inFlight() {
        return lanes.inFlight();
    }

    @Override
    public void dropped(CommandJob job, String why) {
        try (EventLogContext ignored = EventLogContext.of(job.event, handler.step().id())) {
            log.info("{} {} for step {} not run: {}", job.command, job.event.describe(), handler.step().id(), why);
            job.delivery.ack();
        }
    }

    private void attempt(CommandJob job) {
        if (closing) {
            return;
        }
        // a span per attempt, a child of the command's publication (the context came with the message, so it
        // survives the broker and a restart); current while the handler runs and the answer is published
        try (EventLogContext ignored = EventLogContext.of(job.event, handler.step().id());
             MessageSpan span = tracing.handling("step " + handler.step().id() + " " + job.command.name().toLowerCase(), job.event)) {
            if (!job.beginAttempt()) {
                settleSuperseded(job);
                return;
            }
            Outcome outcome;
            synchronized (attemptsMonitor) {
                attemptsRunning++;
            }
            try {
                outcome = Outcome.of(run(job));
            } catch (StepFailure failure) {
                outcome = Outcome.failed(failure.getMessage(), failure.retryable());
            } catch (Exception | LinkageError e) {
                outcome = Outcome.transientError(e);
            } finally {
                job.endAttempt();
                synchronized (attemptsMonitor) {
                    attemptsRunning--;
                    attemptsMonitor.notifyAll();
                }
            }
            if (closing) {
                log.info("shutting down: {} left to the next replica", job.event.describe());
            } else if (job.isSuperseded()) {
                settleSuperseded(job);
            } else if (outcome.transientError != null && job.attempts() < retry.maxAttempts()) {
                span.failed(describe(outcome.transientError));
                scheduleRetry(job, outcome.transientError);
            } else {
                if (!outcome.succeeded) {
                    span.failed(outcome.reason != null ? outcome.reason : describe(outcome.transientError));
                }
                report(job, outcome);
            }
        } catch (RuntimeException e) {
            if (closing) {
                return;
            }
            // a bug of our own must not leave the environment's lane blocked forever
            log.error("unexpected error while running {}", job.event.describe(), e);
            job.delivery.requeue();
            lanes.finished(job);
        }
    }

    private StepResult run(CommandJob job) throws Exception {
        StepContext context = new StepContext(job.command, job.environment, job.event.sagaId(), job.event.generation(),
                job.attempts(), message -> progress(job, message), job::isSuperseded);
        log.info("{} step {} attempt {}", job.command, handler.step().id(), job.attempts());
        if (job.command == StepContext.Command.APPLY) {
            return handler.apply(context);
        }
        handler.release(context);
        return null;
    }

    private void scheduleRetry(CommandJob job, Throwable error) {
        Duration delay = retry.backoff().delay(job.attempts(), ThreadLocalRandom.current().nextDouble());
        log.warn("step {} attempt {} failed, retrying in {} ms: {}", handler.step().id(), job.attempts(), delay.toMillis(),
                describe(error));
        boolean armed = job.scheduleRetry(() -> timers.schedule(() -> workers.execute(() -> attempt(job)),
                delay.toMillis(), TimeUnit.MILLISECONDS));
        if (!armed) {
            settleSuperseded(job);
        }
    }

    private void report(CommandJob job, Outcome outcome) {
        if (closing) {
            return;
        }
        Event<?> result;
        if (outcome.succeeded) {
            result = job.command == StepContext.Command.APPLY
                    ? event(job, EventType.STEP_SUCCEEDED, new Payloads.StepSucceeded(handler.step(), outcome.result.skipped(), outcome.result.outputs()))
                    : event(job, EventType.STEP_RELEASED, new Payloads.StepReleased(handler.step(), CommandKind.of(job.event.type())));
        } else {
            String reason = outcome.transientError != null
                    ? "gave up after " + job.attempts() + " attempts: " + describe(outcome.transientError)
                    : outcome.reason;
            boolean retryable = outcome.transientError != null || outcome.retryable;
            result = event(job, EventType.STEP_FAILED, new Payloads.StepFailed(handler.step(), reason, retryable,
                    CommandKind.of(job.event.type())));
        }
        try {
            publisher.publish(result);
        } catch (RuntimeException e) {
            log.warn("could not publish {}; the command goes back to the queue: {}", result.routingKey(), e.getMessage());
            job.delivery.requeue();
            lanes.finished(job);
            return;
        }
        log.info("published {}", result.routingKey());
        job.delivery.ack();
        lanes.finished(job);
    }

    /**
     * Shutting down, before the consumer is cancelled (see {@link StepConsumer}): so that once the
     * broker hands this queue to the standby replica, this one applies nothing more. Running
     * attempts are interrupted and awaited; their commands stay unacknowledged and go back to the
     * queue when the channel closes.
     */
    void shutDown() {
        closing = true;
        List<CommandJob> running = lanes.running();
        log.info("stopping step {}: {} command(s) in flight go back to the queue", handler.step().id(), running.size());
        running.forEach(CommandJob::halt);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        synchronized (attemptsMonitor) {
            long left;
            while (attemptsRunning > 0 && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(attemptsMonitor, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        lanes.abandonAll();
    }

    /** Takes commands again: this replica is the consumer again. */
    void resume() {
        closing = false;
    }

    private void settleSuperseded(CommandJob job) {
        dropped(job, "superseded by a newer command");
        lanes.finished(job);
    }

    private void progress(CommandJob job, String message) {
        try {
            publisher.publish(event(job, EventType.STEP_PROGRESS, new Payloads.StepProgress(handler.step(), message)));
        } catch (RuntimeException e) {
            // progress is informational: losing one is not worth failing the step
            log.warn("could not publish progress '{}': {}", message, e.getMessage());
        }
    }

    private <T> Event<T> event(CommandJob job, EventType type, T data) {
        return Event.of(type, source.uri(), job.environmentName(), job.event.sagaId(), job.event.generation(), handler.step(), data)
                .onCluster(job.event.cluster()); // the command's: this service's cluster, which the bus routed it by
    }

    static String describe(Throwable error) {
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
    }

    /** What one attempt came to. */
    private static final class Outcome {
        boolean succeeded;
        StepResult result;
        String reason;
        boolean retryable;
        Throwable transientError;

        static Outcome of(StepResult result) {
            Outcome outcome = new Outcome();
            outcome.succeeded = true;
            outcome.result = result == null ? StepResult.done() : result;
            return outcome;
        }

        static Outcome failed(String reason, boolean retryable) {
            Outcome outcome = new Outcome();
            outcome.reason = reason == null || reason.isBlank() ? "failed without a reason" : reason;
            outcome.retryable = retryable;
            return outcome;
        }

        static Outcome transientError(Throwable error) {
            Outcome outcome = new Outcome();
            outcome.transientError = error;
            return outcome;
        }
    }
}
