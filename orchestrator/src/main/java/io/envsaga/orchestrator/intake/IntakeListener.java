package io.envsaga.orchestrator.intake;

import io.envsaga.bus.EventPublisher;
import io.envsaga.bus.EventSource;
import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventCodec;
import io.envsaga.contracts.events.EventHeaders;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Payloads;
import io.envsaga.contracts.spec.EnvironmentValidator;
import io.envsaga.contracts.spec.ValidationResult;
import io.envsaga.contracts.spec.Violation;
import io.envsaga.orchestrator.saga.SagaService;
import io.envsaga.orchestrator.saga.SagaState;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageListener;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Submissions from CI on the intake exchange. A submission runs only if the broker-validated
 * AMQP {@code user_id} may submit that environment; anything else is answered with
 * {@code environment.rejected} (with the reasons), also to the message's reply-to queue.
 */
@Component
@EnableConfigurationProperties(IntakeProperties.class)
public class IntakeListener implements MessageListener {

    private static final Logger log = LoggerFactory.getLogger(IntakeListener.class);

    private final EnvironmentValidator validator;
    private final IntakeProperties policy;
    private final SagaService saga;
    private final EventPublisher publisher;
    private final EventSource source;
    private final RabbitTemplate rabbit;

    public IntakeListener(EnvironmentValidator validator, IntakeProperties policy, SagaService saga, EventPublisher publisher,
                          EventSource source, RabbitTemplate rabbit) {
        this.validator = validator;
        this.policy = policy;
        this.saga = saga;
        this.publisher = publisher;
        this.source = source;
        this.rabbit = rabbit;
    }

    @Override
    public void onMessage(Message message) {
        String user = message.getMessageProperties().getReceivedUserId();
        ValidationResult result = validator.validate(message.getBody());
        if (!result.isValid()) {
            reject(message, subjectOf(message), result.violations());
            return;
        }
        String name = result.environment().name();
        if (!policy.allows(user, name)) {
            reject(message, name, List.of(new Violation("metadata.name", "broker user '" + (user == null ? "(none)" : user)
                    + "' may not submit environment '" + name + "' (see envsaga.orchestrator.intake.submitters)")));
            return;
        }
        SagaState state;
        try {
            state = saga.submit(result.environment());
        } catch (io.envsaga.contracts.spec.InvalidSpecException e) {
            reject(message, name, e.violations());
            return;
        }
        log.info("submission of {} by {} accepted as generation {}", name, user, state.generation());
    }

    private void reject(Message message, String subject, List<Violation> violations) {
        log.info("submission of {} by {} rejected: {}", subject, message.getMessageProperties().getReceivedUserId(), violations);
        Event<Payloads.EnvironmentRejected> rejected = Event.of(EventType.ENVIRONMENT_REJECTED, source.uri(), subject, null, 0, null,
                new Payloads.EnvironmentRejected(violations));
        publisher.publish(rejected);
        String replyTo = message.getMessageProperties().getReplyTo();
        if (replyTo != null && !replyTo.isBlank()) {
            Message reply = EventCodec.toMessage(rejected);
            reply.getMessageProperties().setCorrelationId(message.getMessageProperties().getMessageId());
            rabbit.send("", replyTo, reply);
        }
    }

    private static String subjectOf(Message message) {
        Object subject = message.getMessageProperties().getHeaders().get(EventHeaders.SUBJECT);
        return subject == null ? "unknown" : subject.toString();
    }
}
