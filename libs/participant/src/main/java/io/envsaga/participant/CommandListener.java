package io.envsaga.participant;

import com.rabbitmq.client.Channel;
import io.envsaga.bus.EventLogContext;
import io.envsaga.bus.EventPublisher;
import io.envsaga.bus.EventSource;
import io.envsaga.contracts.events.CommandKind;
import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventCodec;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Payloads;
import io.envsaga.contracts.events.UnreadableEventException;
import io.envsaga.contracts.spec.EnvironmentValidator;
import io.envsaga.contracts.spec.ValidationResult;
import io.envsaga.contracts.spec.Violation;
import java.io.IOException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;

/**
 * Receives the orchestrator's commands from the step's queue (manual acknowledgement). It only
 * reads and checks a command and hands it to the {@link StepRunner}; the runner acknowledges it
 * when the work is done, so the listener thread is never held by a slow step.
 */
final class CommandListener implements ChannelAwareMessageListener {

    private static final Logger log = LoggerFactory.getLogger(CommandListener.class);

    private final StepRunner runner;
    private final EnvironmentValidator validator;
    private final EventPublisher publisher;
    private final EventSource source;

    CommandListener(StepRunner runner, EnvironmentValidator validator, EventPublisher publisher, EventSource source) {
        this.runner = runner;
        this.validator = validator;
        this.publisher = publisher;
        this.source = source;
    }

    @Override
    public void onMessage(Message message, Channel channel) {
        Delivery delivery = new ChannelDelivery(channel, message.getMessageProperties().getDeliveryTag());
        Event<?> event;
        try {
            event = EventCodec.fromMessage(message);
        } catch (UnreadableEventException e) {
            log.error("unreadable message {} sent to the dead-letter queue: {}", message.getMessageProperties().getMessageId(), e.getMessage());
            delivery.reject();
            return;
        }
        if (!(event.data() instanceof Payloads.Command command)) {
            log.error("{} is not a command for a step; sent to the dead-letter queue", event.type());
            delivery.reject();
            return;
        }
        try (EventLogContext ignored = EventLogContext.of(event)) {
            ValidationResult validation = command.spec() == null
                    ? ValidationResult.invalid(java.util.List.of(new Violation("spec", "is missing")))
                    : validator.validate(command.spec());
            if (validation.isValid() && !event.subject().equals(command.spec().name())) {
                validation = ValidationResult.invalid(java.util.List.of(new Violation("metadata.name",
                        "is '" + command.spec().name() + "' but the event is about '" + event.subject() + "'")));
            }
            if (!validation.isValid()) {
                rejectSpec(event, validation, delivery);
                return;
            }
            runner.submit(new CommandJob(event, commandOf(event.type()), validation.environment(), delivery));
        }
    }

    /** A spec that does not validate here fails the step (the orchestrator validated it too: this is a bug or a version skew). */
    private void rejectSpec(Event<?> event, ValidationResult validation, Delivery delivery) {
        String reason = "invalid spec: " + validation.violations().stream().map(Violation::toString).collect(Collectors.joining("; "));
        log.warn("{}", reason);
        try {
            publisher.publish(Event.of(EventType.STEP_FAILED, source.uri(), event.subject(), event.sagaId(), event.generation(),
                    runner.step(), new Payloads.StepFailed(runner.step(), reason, false, CommandKind.of(event.type()))).onCluster(event.cluster()));
            delivery.ack();
        } catch (RuntimeException e) {
            delivery.requeue();
        }
    }

    private static StepContext.Command commandOf(EventType type) {
        return switch (type) {
            case ENVIRONMENT_REQUESTED -> StepContext.Command.APPLY;
            case ENVIRONMENT_ROLLBACK_REQUESTED -> StepContext.Command.ROLLBACK;
            case ENVIRONMENT_DELETION_REQUESTED -> StepContext.Command.DELETE;
            default -> throw new IllegalArgumentException(type + " is not a command");
        };
    }

    /**
     * Settles a delivery on the channel it came on (the Java client's channels allow that from any
     * thread), once: a second settlement of a tag would be a channel error that drops every other
     * delivery of the channel, so it is refused here and logged as the bug it is.
     */
    private record ChannelDelivery(Channel channel, long tag, java.util.concurrent.atomic.AtomicBoolean settled) implements Delivery {

        ChannelDelivery(Channel channel, long tag) {
            this(channel, tag, new java.util.concurrent.atomic.AtomicBoolean());
        }

        @Override
        public void ack() {
            settle(() -> channel.basicAck(tag, false), "ack");
        }

        @Override
        public void requeue() {
            settle(() -> channel.basicNack(tag, false, true), "requeue");
        }

        @Override
        public void reject() {
            settle(() -> channel.basicReject(tag, false), "reject");
        }

        private interface ChannelCall {
            void run() throws IOException;
        }

        private void settle(ChannelCall call, String what) {
            if (!settled.compareAndSet(false, true)) {
                log.error("delivery {} settled twice (second: {}); ignored", tag, what);
                return;
            }
            try {
                call.run();
            } catch (IOException | RuntimeException e) {
                // the channel is gone: the broker redelivers the message, and the step is idempotent
                log.warn("could not {} delivery {}: {}", what, tag, e.getMessage());
            }
        }
    }
}
