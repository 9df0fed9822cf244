package io.envsaga.orchestrator.intake;

import io.envsaga.bus.EventPublisher;
import io.envsaga.bus.EventSource;
import io.envsaga.bus.tracing.MessageSpan;
import io.envsaga.bus.tracing.MessageTracing;
import io.envsaga.contracts.bus.BusTopology;
import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventCodec;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Payloads;
import io.envsaga.contracts.events.TraceContext;
import io.envsaga.contracts.events.UnreadableEventException;
import io.envsaga.contracts.spec.EnvironmentValidator;
import io.envsaga.contracts.spec.ValidationResult;
import io.envsaga.contracts.spec.Violation;
import io.envsaga.orchestrator.saga.SagaState;
import io.envsaga.orchestrator.tenancy.HostClaimedException;
import io.envsaga.orchestrator.tenancy.SubmissionKeys;
import io.envsaga.orchestrator.tenancy.Submissions;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Submissions from CI on the intake exchange. A submission runs only if the broker-validated
 * AMQP {@code user_id} has grants that allow it (the same rules as REST: name, namespace, hosts,
 * privileged, removals); anything else is answered with {@code environment.rejected} (with the
 * reasons), filed under the spec's {@code metadata.name}, never under a header the submitter
 * chose, and also sent to the message's reply-to queue when that queue is the submitter's own;
 * an accepted one gets its outcome there ({@link IntakeReplies}).
 */
@Component
@EnableConfigurationProperties(IntakeProperties.class)
public class IntakeListener implements IntakeLanes.Handler {

    private static final Logger log = LoggerFactory.getLogger(IntakeListener.class);

    private final EnvironmentValidator validator;
    private final IntakeProperties policy;
    private final Submissions submissions;
    private final EventPublisher publisher;
    private final EventSource source;
    private final RabbitTemplate rabbit;
    private final ReplyQueues replyQueues;
    private final IntakeReplies replies;
    private final TransactionTemplate transaction;
    private final SubmissionKeys taken;
    private final Clock clock;
    private final IntakeFiling filing;
    private final MessageTracing tracing;

    public IntakeListener(EnvironmentValidator validator, IntakeProperties policy, Submissions submissions, EventPublisher publisher,
                          EventSource source, RabbitTemplate rabbit, BusTopology topology, IntakeReplies replies,
                          PlatformTransactionManager transactions, SubmissionKeys taken, Clock clock, IntakeFiling filing,
                          MessageTracing tracing) {
        this.filing = filing;
        this.tracing = tracing;
        this.taken = taken;
        this.clock = clock;
        this.validator = validator;
        this.policy = policy;
        this.submissions = submissions;
        this.publisher = publisher;
        this.source = source;
        this.rabbit = rabbit;
        this.replyQueues = new ReplyQueues(topology.prefix(), policy.replyQueuePrefix());
        this.replies = replies;
        this.transaction = new TransactionTemplate(transactions);
    }

    /**
     * The root of the saga's trace (docs/operations.md, "Tracing"): a span for the submission, under the
     * {@code traceparent} the submitter sent, if any (a CI job's own trace).
     */
    @Override
    public void submit(Message message) {
        TraceContext sent;
        try {
            sent = TraceContext.read(message.getMessageProperties().getHeaders());
        } catch (UnreadableEventException e) {
            sent = null; // names that disagree: the submission is not refused for its trace, it starts its own
        }
        try (MessageSpan ignored = tracing.handling("intake environment.submitted", sent)) {
            accept(message);
        }
    }

    private void accept(Message message) {
        String user = message.getMessageProperties().getReceivedUserId();
        ValidationResult result = validator.validate(message.getBody());
        if (!result.isValid()) {
            reject(message, filing.subject(message.getBody(), user), result.violations());
            return;
        }
        String name = result.environment().name();
        if (!policy.allows(user, name)) {
            // not filed under that name: a submitter must not fill the history of an environment that is not its own
            reject(message, SubmittedName.UNKNOWN, List.of(new Violation("metadata.name", "broker user '" + (user == null ? "(none)" : user)
                    + "' may not submit environment '" + name + "' (see envsaga.orchestrator.intake.submitters)")));
            return;
        }
        String replyTo = message.getMessageProperties().getReplyTo();
        boolean replyAllowed = replyTo != null && !replyTo.isBlank() && replyQueues.mayReceive(replyTo, user);
        try {
            // the reply route is known before the commit sends the saga on its way, so no outcome can come first
            SagaState state = transaction.execute(status -> {
                if (!first(user, message.getMessageProperties().getMessageId(), name)) {
                    return null;
                }
                SagaState accepted = submissions.submit("broker user '" + user + "'", policy.grantsOf(user), result.environment());
                if (replyAllowed) {
                    replies.expect(accepted, message);
                }
                return accepted;
            });
            if (state == null) {
                log.info("submission of {} by {} with message id {} taken before: a duplicate, ignored", name, user,
                        message.getMessageProperties().getMessageId());
                return;
            }
            log.info("submission of {} by {} accepted as generation {}", name, user, state.generation());
        } catch (AccessDeniedException e) {
            reject(message, name, List.of(new Violation("", e.getMessage())));
        } catch (HostClaimedException e) {
            reject(message, name, List.of(new Violation(e.path(), e.getMessage())));
        } catch (io.envsaga.contracts.spec.InvalidSpecException e) {
            reject(message, name, e.violations()); // a change RabbitMQ cannot make in place (SagaService.submit)
        }
    }

    /**
     * True unless this submitter's message id was taken before ({@link SubmissionKeys}). A message
     * without an id, or with one longer than the column, is always new.
     */
    private boolean first(String user, String messageId, String name) {
        if (messageId == null || messageId.isBlank() || messageId.length() > SubmissionKeys.MAX_KEY_LENGTH) {
            return true;
        }
        return taken.take(SubmissionKeys.Origin.INTAKE, user, messageId, null, name, clock.instant());
    }

    /**
     * A submission refused before it is read (over the size limit, its submitter's rate or share:
     * {@link IntakeLanes}): answered on its reply-to only, nothing on the bus (the audit has the
     * message), so a flood is not echoed.
     */
    @Override
    public void refuse(Message message, String reason) {
        reply(message, Event.of(EventType.ENVIRONMENT_REJECTED, source.uri(), SubmittedName.UNKNOWN, null, 0, null,
                new Payloads.EnvironmentRejected(List.of(new Violation("", reason)))));
    }

    private void reject(Message message, String subject, List<Violation> violations) {
        String user = message.getMessageProperties().getReceivedUserId();
        log.info("submission of {} by {} rejected: {}", subject, user, violations);
        Event<Payloads.EnvironmentRejected> rejected = Event.of(EventType.ENVIRONMENT_REJECTED, source.uri(), subject, null, 0, null,
                new Payloads.EnvironmentRejected(violations));
        publisher.publish(rejected);
        reply(message, rejected);
    }

    private void reply(Message message, Event<Payloads.EnvironmentRejected> rejected) {
        String user = message.getMessageProperties().getReceivedUserId();
        String replyTo = message.getMessageProperties().getReplyTo();
        if (replyTo == null || replyTo.isBlank()) {
            return;
        }
        if (!replyQueues.mayReceive(replyTo, user)) {
            log.warn("reply-to '{}' of a submission by {} is not the submitter's (direct reply-to or {}): no reply sent",
                    replyTo, user, replyQueues.prefixOf(user == null ? "(none)" : user));
            return;
        }
        Message reply = EventCodec.toMessage(rejected);
        reply.getMessageProperties().setCorrelationId(message.getMessageProperties().getMessageId());
        reply.getMessageProperties().setUserId(rabbit.getConnectionFactory().getUsername());
        rabbit.send("", replyTo, reply);
    }
}
