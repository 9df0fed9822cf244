package io.envsaga.orchestrator.intake;

import io.envsaga.bus.EventSource;
import io.envsaga.contracts.events.EventCodec;
import io.envsaga.contracts.events.EventType;
import io.envsaga.orchestrator.messaging.OutboxListener;
import io.envsaga.orchestrator.messaging.OutboxMessage;
import io.envsaga.orchestrator.saga.SagaState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/**
 * The outcome of an accepted CI submission, sent to the submission's reply-to queue ({@code envctl
 * publish --wait} consumes RabbitMQ's direct reply-to): the first {@code environment.ready},
 * {@code -failed} or {@code -deleted} of the submission's saga, as a copy of the event with the
 * submission's message id as correlation id, sent once the outbox dispatcher has published the
 * outcome itself (so the reply never comes before the event, and never from a request thread).
 *
 * <p>Kept in memory: a direct reply-to lives only as long as the client's channel anyway. An
 * orchestrator restarted before the outcome sends none, and the client times out (and can read the
 * outcome with {@code envctl get} or the audit history).
 */
@Component
public class IntakeReplies implements OutboxListener {

    private static final Logger log = LoggerFactory.getLogger(IntakeReplies.class);
    private static final Set<EventType> OUTCOMES = Set.of(EventType.ENVIRONMENT_READY, EventType.ENVIRONMENT_FAILED,
            EventType.ENVIRONMENT_DELETED);
    /** Longer than any saga waits for; a route older than this has no client left. */
    private static final Duration FORGET_AFTER = Duration.ofHours(6);
    private static final int MAX_ROUTES = 10_000;

    private record Route(String sagaId, String user, String environment, String replyTo, String correlationId, Instant since) {
    }

    private final Map<String, Route> bySaga = new ConcurrentHashMap<>();
    /** Per environment, the saga whose outcome is awaited: a newer submission supersedes it (it will have no outcome). */
    private final Map<String, Route> byEnvironment = new HashMap<>();
    /** Per submitter, its routes oldest first: at most {@code fairness.replies-per-submitter}. */
    private final Map<String, ArrayDeque<Route>> bySubmitter = new HashMap<>();
    private final RabbitTemplate rabbit;
    private final EventSource source;
    private final Clock clock;
    private final int perSubmitter;

    public IntakeReplies(RabbitTemplate rabbit, EventSource source, Clock clock, IntakeProperties properties) {
        this.rabbit = rabbit;
        this.source = source;
        this.clock = clock;
        this.perSubmitter = properties.fairness().repliesPerSubmitter();
    }

    /**
     * Remembers where the outcome of an accepted submission goes, if it asked for one. The route of
     * a submission it supersedes (the same environment's) is forgotten, and a submitter past its
     * share loses its oldest route: one submitter cannot crowd out another's replies.
     */
    synchronized void expect(SagaState accepted, Message submission) {
        String replyTo = submission.getMessageProperties().getReplyTo();
        if (replyTo == null || replyTo.isBlank()) {
            return;
        }
        Instant now = clock.instant();
        if (bySaga.size() >= MAX_ROUTES) {
            List.copyOf(bySaga.values()).stream().filter(route -> route.since().isBefore(now.minus(FORGET_AFTER))).forEach(this::forget);
        }
        Route superseded = byEnvironment.get(accepted.name());
        if (superseded != null) {
            forget(superseded);
        }
        String user = String.valueOf(submission.getMessageProperties().getReceivedUserId());
        ArrayDeque<Route> own = bySubmitter.get(user);
        while (own != null && !own.isEmpty() && own.size() >= perSubmitter) {
            forget(own.peekFirst());
        }
        if (bySaga.size() >= MAX_ROUTES || perSubmitter == 0) {
            log.warn("{} submissions wait for a reply; not remembering the reply-to of {}", bySaga.size(), accepted.name());
            return;
        }
        Route route = new Route(accepted.sagaId(), user, accepted.name(), replyTo, submission.getMessageProperties().getMessageId(), now);
        bySaga.put(route.sagaId(), route);
        byEnvironment.put(route.environment(), route);
        bySubmitter.computeIfAbsent(user, u -> new ArrayDeque<>()).addLast(route);
    }

    /** Reply routes this broker user holds now. */
    public synchronized int waiting(String user) {
        ArrayDeque<Route> own = bySubmitter.get(user);
        return own == null ? 0 : own.size();
    }

    private void forget(Route route) {
        bySaga.remove(route.sagaId());
        byEnvironment.remove(route.environment(), route);
        ArrayDeque<Route> own = bySubmitter.get(route.user());
        if (own != null) {
            own.remove(route);
            if (own.isEmpty()) {
                bySubmitter.remove(route.user());
            }
        }
    }

    /** Every message the outbox dispatcher got the broker to take passes here: an outcome someone waits for is sent on. */
    @Override
    public void published(OutboxMessage outgoing) {
        if (OUTCOMES.contains(outgoing.type()) && outgoing.sagaId() != null && bySaga.containsKey(outgoing.sagaId())) {
            reply(outgoing);
        }
    }

    private void reply(OutboxMessage outgoing) {
        Route route;
        synchronized (this) {
            route = bySaga.get(outgoing.sagaId());
            if (route == null) {
                return;
            }
            forget(route);
        }
        Message reply = EventCodec.toMessage(outgoing.toEvent(source));
        reply.getMessageProperties().setCorrelationId(route.correlationId());
        reply.getMessageProperties().setUserId(rabbit.getConnectionFactory().getUsername());
        try {
            rabbit.send("", route.replyTo(), reply);
        } catch (AmqpException e) {
            // the outcome is on envsaga.events and in the history anyway; the reply is a convenience
            log.info("could not send the outcome of {} to its reply-to: {}", outgoing.environment(), e.getMessage());
        }
    }
}
