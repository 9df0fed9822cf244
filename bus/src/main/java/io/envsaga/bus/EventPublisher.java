package io.envsaga.bus;

import io.envsaga.contracts.bus.BusTopology;
import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventCodec;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Publishes events to their exchange and waits for the broker's publisher confirm: when
 * {@link #publish} returns, the broker has the message. Every message carries the connection's
 * broker user as its {@code user_id}, which the broker validates.
 */
public class EventPublisher {

    private final RabbitTemplate rabbit;
    private final BusTopology topology;
    private final Duration confirmTimeout;

    public EventPublisher(RabbitTemplate rabbit, BusTopology topology, Duration confirmTimeout) {
        this.rabbit = rabbit;
        this.topology = topology;
        this.confirmTimeout = confirmTimeout;
    }

    /** Publishes and waits for the confirm; a nack, a timeout or a lost connection is a {@link PublishException}. */
    public void publish(Event<?> event) {
        Message message = EventCodec.toMessage(event);
        // the broker refuses a user_id that is not the connection's: consumers can trust who sent it
        message.getMessageProperties().setUserId(rabbit.getConnectionFactory().getUsername());
        CorrelationData correlation = new CorrelationData(event.id());
        try {
            rabbit.send(topology.exchangeOf(event.type()), event.routingKey(), message, correlation);
            CorrelationData.Confirm confirm = correlation.getFuture().get(confirmTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!confirm.ack()) {
                throw new PublishException("broker refused " + event.routingKey() + " of " + event.describe() + ": " + confirm.reason());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while publishing " + event.routingKey() + " of " + event.describe(), e);
        } catch (ExecutionException | TimeoutException | org.springframework.amqp.AmqpException e) {
            throw new PublishException("no confirm for " + event.routingKey() + " of " + event.describe() + " within " + confirmTimeout, e);
        }
    }

    public BusTopology topology() {
        return topology;
    }

    /** The broker did not confirm a message. */
    public static class PublishException extends RuntimeException {
        public PublishException(String message) {
            super(message);
        }

        public PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
