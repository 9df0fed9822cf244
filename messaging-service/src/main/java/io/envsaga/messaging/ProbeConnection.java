package io.envsaga.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * A connection to the environment's broker as one user, for {@link BrokerCheck}'s probes: each
 * probe runs on a channel of its own, and what the broker says when it refuses is returned, not
 * thrown. A broker refuses by closing the channel (RabbitMQ, mostly) or, for some refusals, the
 * whole connection (RabbitMQ's NOT_ALLOWED; ACCESS_REFUSED and others on other AMQP 0-9-1
 * brokers): both are a refusal, and after a connection-level one the next probe connects again.
 * A close for any other reason (the broker going away, an internal error) is an IOException.
 */
final class ProbeConnection implements AutoCloseable {

    /** The broker's refusal: its reply code (e.g. 403 ACCESS_REFUSED, 404 NOT_FOUND) and text. */
    record Refusal(int code, String text) {
    }

    @FunctionalInterface
    interface Probe {
        void run(Channel channel) throws IOException, InterruptedException, TimeoutException;
    }

    /** Reply codes that a broker closing the connection gives as a refusal of the operation. */
    private static final Set<Integer> REFUSALS = Set.of(AMQP.ACCESS_REFUSED, AMQP.NOT_FOUND, AMQP.RESOURCE_LOCKED,
            AMQP.PRECONDITION_FAILED, AMQP.NOT_ALLOWED, AMQP.NOT_IMPLEMENTED);

    private final ConnectionFactory factory;
    private Connection connection;

    ProbeConnection(ConnectionFactory factory) throws IOException, TimeoutException {
        this.factory = factory;
        this.connection = factory.newConnection("envsaga-messaging-check");
    }

    /** Runs a probe on a channel of its own: the broker's refusal, or null when it did what was asked. */
    Refusal attempt(Probe probe) throws IOException {
        Channel channel = channel();
        try {
            probe.run(channel);
            return null;
        } catch (IOException | ShutdownSignalException e) {
            ShutdownSignalException signal = e instanceof ShutdownSignalException s ? s
                    : e.getCause() instanceof ShutdownSignalException s ? s : null;
            Refusal refusal = signal == null ? null : refusal(signal);
            if (refusal != null) {
                return refusal;
            }
            throw e instanceof IOException io ? io : new IOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } catch (TimeoutException e) {
            return new Refusal(0, "no answer: " + e.getMessage());
        } finally {
            if (channel.isOpen()) {
                try {
                    channel.close();
                } catch (TimeoutException | IOException | ShutdownSignalException ignored) {
                    // closing anyway
                }
            }
        }
    }

    /** Messages ready in a queue (a passive declare). */
    long messageCount(String queue) throws IOException {
        try (Channel channel = channel()) {
            return channel.queueDeclarePassive(queue).getMessageCount();
        } catch (TimeoutException e) {
            throw new IOException(e);
        }
    }

    private static Refusal refusal(ShutdownSignalException signal) {
        if (signal.getReason() instanceof AMQP.Channel.Close close) {
            return new Refusal(close.getReplyCode(), close.getReplyText());
        }
        if (!signal.isInitiatedByApplication() && signal.getReason() instanceof AMQP.Connection.Close close
                && REFUSALS.contains(close.getReplyCode())) {
            return new Refusal(close.getReplyCode(), close.getReplyText());
        }
        return null;
    }

    private Channel channel() throws IOException {
        if (!connection.isOpen()) {
            try {
                connection = factory.newConnection("envsaga-messaging-check");
            } catch (TimeoutException e) {
                throw new IOException(e);
            }
        }
        return connection.createChannel();
    }

    @Override
    public void close() {
        if (connection.isOpen()) {
            try {
                connection.close();
            } catch (IOException | ShutdownSignalException ignored) {
                // closing anyway
            }
        }
    }
}
