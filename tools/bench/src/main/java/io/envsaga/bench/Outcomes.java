package io.envsaga.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.envsaga.contracts.bus.BusTopology;
import io.envsaga.contracts.events.EventHeaders;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Watches the events exchange for each environment's outcome ({@code environment.ready},
 * {@code -failed}, {@code -rejected}) and notes when it arrived: what a CI job waiting on the
 * environment would see. An exclusive, non-durable queue of the benchmark's own, acknowledged
 * automatically, so that watching costs the broker as little as possible.
 */
public final class Outcomes implements AutoCloseable {

    public enum Kind { READY, FAILED, REJECTED }

    /** An environment's outcome and when it arrived (System.nanoTime). */
    public record Outcome(Kind kind, long nanos) {
    }

    private final Connection connection;
    private final Map<String, CompletableFuture<Outcome>> outcomes = new ConcurrentHashMap<>();

    public Outcomes(Broker broker, BusTopology topology) {
        this.connection = broker.connect("bench-outcomes");
        try {
            Channel channel = connection.createChannel();
            String queue = channel.queueDeclare("", false, true, true, null).getQueue();
            for (String key : new String[] {"environment.ready", "environment.failed", "environment.rejected"}) {
                channel.queueBind(queue, topology.eventsExchange(), key);
            }
            channel.basicConsume(queue, true, new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                    long now = System.nanoTime();
                    Object subject = properties.getHeaders() == null ? null : properties.getHeaders().get(EventHeaders.SUBJECT);
                    if (subject != null) {
                        Kind kind = switch (envelope.getRoutingKey()) {
                            case "environment.ready" -> Kind.READY;
                            case "environment.failed" -> Kind.FAILED;
                            default -> Kind.REJECTED;
                        };
                        future(subject.toString()).complete(new Outcome(kind, now)); // the first outcome counts
                    }
                }
            });
        } catch (IOException e) {
            close();
            throw new BenchException("cannot watch " + topology.eventsExchange() + ": " + e.getMessage());
        }
    }

    private CompletableFuture<Outcome> future(String environment) {
        return outcomes.computeIfAbsent(environment, name -> new CompletableFuture<>());
    }

    /** The environment's outcome, or null if none came within the timeout. */
    public Outcome await(String environment, long timeoutNanos) {
        try {
            return future(environment).get(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Waits until every one of these environments has an outcome, or the deadline (System.nanoTime) passes. */
    public void awaitAll(Collection<String> environments, long deadlineNanos) {
        for (String environment : environments) {
            if (await(environment, deadlineNanos - System.nanoTime()) == null && System.nanoTime() >= deadlineNanos) {
                return;
            }
        }
    }

    /** The outcome so far, or null. */
    public Outcome of(String environment) {
        return future(environment).getNow(null);
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
