package io.envsaga.envctl.publish;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.envsaga.contracts.bus.BusTopology;
import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventCodec;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.UnreadableEventException;
import io.envsaga.envctl.cli.EnvctlException;
import io.envsaga.envctl.cli.ExitCode;
import io.envsaga.envctl.spec.SpecDocument;
import java.io.IOException;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes a submission onto the intake exchange with the plain AMQP client: CloudEvents headers
 * by contracts' {@link EventCodec}, the spec document as the body, the connection's user as the
 * broker-validated {@code user_id}, mandatory routing and a publisher confirm. With a reply wanted,
 * it consumes RabbitMQ's direct reply-to pseudo-queue on the same channel before publishing, and the
 * orchestrator answers there with the outcome (or the rejection).
 */
public final class IntakePublisher implements AutoCloseable {

    static final String DIRECT_REPLY_TO = "amq.rabbitmq.reply-to";
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(30);

    private final Connection connection;
    private final Channel channel;
    private final String user;
    private final BlockingQueue<Object> replies = new LinkedBlockingQueue<>();
    private final AtomicReference<String> returned = new AtomicReference<>();

    public IntakePublisher(String uri) {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(uri);
        } catch (URISyntaxException | GeneralSecurityException | IllegalArgumentException e) {
            throw EnvctlException.invalid("the broker URI is not an amqp:// or amqps:// URI");
        }
        factory.setConnectionTimeout(10_000);
        factory.setAutomaticRecoveryEnabled(false);
        this.user = factory.getUsername();
        try {
            this.connection = factory.newConnection("envctl");
            this.channel = connection.createChannel();
            channel.confirmSelect();
            channel.addReturnListener(r -> returned.set(r.getReplyText()));
        } catch (IOException | TimeoutException e) {
            throw EnvctlException.unreachable("cannot reach the broker at " + factory.getHost() + ":" + factory.getPort() + " as " + user
                    + " (" + describe(e) + ")");
        }
    }

    /** Publishes the submission and waits for the broker's confirm; returns its message id. */
    public String publish(BusTopology topology, SpecDocument spec, String source, boolean wantReply) {
        Event<Object> event = Event.of(EventType.ENVIRONMENT_SUBMITTED, source, spec.environment().name(), null, 0, null, null);
        AMQP.BasicProperties.Builder properties = AmqpMessages.properties(EventCodec.toMessage(event))
                .contentType(spec.json() ? "application/json" : "application/yaml")
                .userId(user)
                .appId("envctl");
        try {
            if (wantReply) {
                channel.basicConsume(DIRECT_REPLY_TO, true, new DefaultConsumer(channel) {
                    @Override
                    public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                        replies.add(AmqpMessages.message(props, body));
                    }
                });
                properties.replyTo(DIRECT_REPLY_TO);
            }
            channel.basicPublish(topology.intakeExchange(), EventType.ENVIRONMENT_SUBMITTED.routingKey(), true, properties.build(), spec.bytes());
            channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT.toMillis());
        } catch (IOException | TimeoutException | com.rabbitmq.client.ShutdownSignalException e) {
            if (describe(e).contains("NOT_FOUND - no exchange")) {
                throw EnvctlException.unreachable("the broker has no exchange " + topology.intakeExchange()
                        + ": is envsaga installed there with this bus prefix (--bus-prefix, ENVSAGA_BUS_PREFIX)?");
            }
            throw EnvctlException.unreachable("the broker did not take the submission (" + describe(e) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EnvctlException.unreachable("interrupted while publishing");
        }
        if (returned.get() != null) {
            throw EnvctlException.unreachable("no queue takes submissions on " + topology.intakeExchange() + " (" + returned.get()
                    + "): is the orchestrator running with this bus prefix?");
        }
        return event.id();
    }

    /** The orchestrator's answer to the submission, or null when none came in time. */
    public Event<?> awaitReply(String messageId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                Object reply = replies.poll(left, TimeUnit.NANOSECONDS);
                if (reply instanceof org.springframework.amqp.core.Message message
                        && messageId.equals(message.getMessageProperties().getCorrelationId())) {
                    try {
                        return EventCodec.fromMessage(message);
                    } catch (UnreadableEventException e) {
                        throw new EnvctlException(ExitCode.FAILED, "the orchestrator's answer is unreadable: " + e.getMessage());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EnvctlException.unreachable("interrupted while waiting for the outcome");
        }
    }

    private static String describe(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }

    @Override
    public void close() {
        try {
            connection.close(5_000);
        } catch (IOException | com.rabbitmq.client.AlreadyClosedException e) {
            // closing anyway
        }
    }
}
