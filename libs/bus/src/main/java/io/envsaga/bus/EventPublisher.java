package io.envsaga.bus;

import io.envsaga.bus.tracing.MessageSpan;
import io.envsaga.bus.tracing.MessageTracing;
import io.envsaga.contracts.bus.BusTopology;
import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.ReturnedMessage;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitOperations;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Publishes events to their exchange and waits for the broker's publisher confirm: when
 * {@link #publish} returns, the broker has the message in at least one queue. Publishing is
 * mandatory: a message no queue is bound for comes back (basic.return) and is an error, never
 * "sent" (a command published before its queue existed used to vanish that way). Every message
 * carries the connection's broker user as its {@code user_id}, which the broker validates.
 */
public class EventPublisher {

    private final RabbitTemplate rabbit;
    private final BusTopology topology;
    private final Duration confirmTimeout;
    private final MessageTracing tracing;

    /** @param rabbit its connection factory is used; the publisher has a mandatory template of its own */
    public EventPublisher(RabbitTemplate rabbit, BusTopology topology, Duration confirmTimeout) {
        this(rabbit, topology, confirmTimeout, MessageTracing.none());
    }

    /** @param tracing a span per message, its context written into the message ({@code traceparent}) */
    public EventPublisher(RabbitTemplate rabbit, BusTopology topology, Duration confirmTimeout, MessageTracing tracing) {
        this.rabbit = new RabbitTemplate(rabbit.getConnectionFactory());
        this.rabbit.setMandatory(true);
        this.topology = topology;
        this.confirmTimeout = confirmTimeout;
        this.tracing = tracing;
    }

    /** Publishes and waits for the confirm; a nack, a return, a timeout or a lost connection is a {@link PublishException}. */
    public void publish(Event<?> event) {
        String failure = publishAll(List.of(event)).get(event.id());
        if (failure != null) {
            throw new PublishException(failure);
        }
    }

    /**
     * Publishes every event, in order on one channel, then waits for all their confirms (one round
     * trip for the lot, not one each).
     *
     * @return the events that did not reach a queue, by id, with the reason; empty when all did
     */
    public Map<String, String> publishAll(List<? extends Event<?>> events) {
        Map<String, String> failed = new LinkedHashMap<>();
        if (events.isEmpty()) {
            return failed;
        }
        // one channel for the lot, released only once every confirm is in: a channel handed back with confirms
        // outstanding is not reused, so a send each on the cache's channels opened a channel (two RPCs) per message
        try {
            rabbit.invoke(operations -> {
                publishAndAwait(operations, events, failed);
                return null;
            });
        } catch (org.springframework.amqp.AmqpException e) { // no channel: the broker is away
            for (Event<?> event : events) {
                failed.putIfAbsent(event.id(), "could not publish " + event.routingKey() + " of " + event.describe() + ": " + e.getMessage());
            }
        }
        return failed;
    }

    private void publishAndAwait(RabbitOperations operations, List<? extends Event<?>> events, Map<String, String> failed) {
        // a list, not a map keyed by the event: an event's hash is its whole body, a spec of up to 256 KiB
        List<Pending> pending = new ArrayList<>(events.size());
        String user = rabbit.getConnectionFactory().getUsername();
        for (Event<?> event : events) {
            String exchange = topology.exchangeOf(event.type());
            // ended once the confirm is in (or not): the span covers the broker's taking the message
            MessageSpan span = tracing.publishing(event, exchange);
            Message message = EventCodec.toMessage(span.context() == null ? event : event.withTrace(span.context()));
            // the broker refuses a user_id that is not the connection's: consumers can trust who sent it
            message.getMessageProperties().setUserId(user);
            CorrelationData correlation = new CorrelationData(event.id());
            try {
                operations.send(exchange, event.routingKey(), message, correlation);
                pending.add(new Pending(event, correlation, span));
            } catch (org.springframework.amqp.AmqpException e) {
                failed.put(event.id(), "could not publish " + event.routingKey() + " of " + event.describe() + ": " + e.getMessage());
                span.failed(failed.get(event.id()));
                span.close();
            }
        }
        long deadline = System.nanoTime() + confirmTimeout.toNanos();
        for (Pending p : pending) {
            String failure = awaitConfirm(p.event(), p.correlation(), deadline);
            if (failure != null) {
                failed.put(p.event().id(), failure);
                p.span().failed(failure);
            }
            p.span().close();
        }
    }

    private record Pending(Event<?> event, CorrelationData correlation, MessageSpan span) {
    }

    private String awaitConfirm(Event<?> event, CorrelationData correlation, long deadline) {
        try {
            CorrelationData.Confirm confirm = correlation.getFuture().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (!confirm.ack()) {
                return "broker refused " + event.routingKey() + " of " + event.describe() + ": " + confirm.reason();
            }
            ReturnedMessage returned = correlation.getReturned(); // set before the confirm completes
            if (returned != null) {
                return "no queue for " + event.routingKey() + " of " + event.describe() + " on " + returned.getExchange()
                        + " (" + returned.getReplyText() + "): the bus topology is not declared";
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while publishing " + event.routingKey() + " of " + event.describe();
        } catch (ExecutionException | TimeoutException e) {
            return "no confirm for " + event.routingKey() + " of " + event.describe() + " within " + confirmTimeout;
        }
    }

    public BusTopology topology() {
        return topology;
    }

    /** The broker did not take a message: refused, unroutable, or no confirm in time. */
    public static class PublishException extends RuntimeException {
        public PublishException(String message) {
            super(message);
        }

        public PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
