package io.envsaga.chaos;

import io.envsaga.contracts.bus.BusTopology;
import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventCodec;
import io.envsaga.contracts.events.EventType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Submissions through the intake exchange, as {@code envctl publish} makes them: mandatory,
 * persistent, and accepted only once the broker confirms (a return or a missing confirm is sent
 * again, as a CI job retries).
 */
final class Intake implements AutoCloseable {

    static final String USER = "guest";

    private final CachingConnectionFactory connections;
    private final RabbitTemplate template;
    private final BusTopology topology;
    private final java.util.Set<String> returned = java.util.concurrent.ConcurrentHashMap.newKeySet();
    final AtomicLong unconfirmed = new AtomicLong();

    Intake(int port, BusTopology topology) {
        this.topology = topology;
        connections = new CachingConnectionFactory("127.0.0.1", port);
        connections.setUsername(USER);
        connections.setPassword("guest");
        connections.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.SIMPLE);
        connections.setPublisherReturns(true);
        template = new RabbitTemplate(connections);
        template.setMandatory(true);
        // the broker returns a mandatory message no queue takes before it confirms it
        template.setReturnsCallback(returned -> this.returned.add(returned.getMessage().getMessageProperties().getMessageId()));
    }

    /** Publishes the spec until the broker confirms it (and routed it); returns the submission's message id. */
    String submit(String name, String yaml, Duration atMost) throws InterruptedException {
        Instant deadline = Instant.now().plus(atMost);
        Exception last = null;
        while (Instant.now().isBefore(deadline)) {
            Event<Object> event = Event.of(EventType.ENVIRONMENT_SUBMITTED, "/chaos-suite", name, null, 0, null, null);
            Message message = MessageBuilder.withBody(yaml.getBytes(StandardCharsets.UTF_8))
                    .copyProperties(EventCodec.toMessage(event).getMessageProperties())
                    .setContentType("application/yaml").setUserId(USER).build();
            try {
                template.invoke(ops -> {
                    ops.send(topology.intakeExchange(), EventType.ENVIRONMENT_SUBMITTED.routingKey(), message);
                    ops.waitForConfirmsOrDie(10_000);
                    return null;
                });
                if (!returned.remove(event.id())) {
                    return event.id();
                }
            } catch (RuntimeException e) {
                last = e;
            }
            unconfirmed.incrementAndGet();
            Thread.sleep(500); // a CI job's pause between tries
        }
        throw new IllegalStateException("the intake never confirmed " + name + " in " + atMost + ": " + last);
    }

    @Override
    public void close() {
        connections.destroy();
    }
}
