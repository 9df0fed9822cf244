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

    private record Route(String replyTo, String correlationId, Instant since) {
    }

    private final Map<String, Route> bySaga = new ConcurrentHashMap<>();
    private final RabbitTemplate rabbit;
    private final EventSource source;
    private final Clock clock;

    public IntakeReplies(RabbitTemplate rabbit, EventSource source, Clock clock) {
        this.rabbit = rabbit;
        this.source = source;
        this.clock = clock;
    }

    /** Remembers where the outcome of an accepted submission goes, if it asked for one. */
    void expect(SagaState accepted, Message submission) {
        String replyTo = submission.getMessageProperties().getReplyTo();
        if (replyTo == null || replyTo.isBlank()) {
            return;
        }
        Instant now = clock.instant();
        bySaga.values().removeIf(route -> route.since().isBefore(now.minus(FORGET_AFTER)));
        if (bySaga.size() >= MAX_ROUTES) {
            log.warn("{} submissions wait for a reply; not remembering the reply-to of {}", bySaga.size(), accepted.name());
            return;
        }
        bySaga.put(accepted.sagaId(), new Route(replyTo, submission.getMessageProperties().getMessageId(), now));
    }

    /** Every message the outbox dispatcher got the broker to take passes here: an outcome someone waits for is sent on. */
    @Override
    public void published(OutboxMessage outgoing) {
        if (OUTCOMES.contains(outgoing.type()) && outgoing.sagaId() != null && bySaga.containsKey(outgoing.sagaId())) {
            reply(outgoing);
        }
    }

    private void reply(OutboxMessage outgoing) {
        Route route = bySaga.remove(outgoing.sagaId());
        if (route == null) {
            return;
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
