package io.envsaga.testsupport.bus;

import io.envsaga.contracts.bus.BusTopology;
import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventCodec;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.UnreadableEventException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;

/**
 * Records every message on both exchanges of a topology from the moment it is created, through
 * an exclusive queue of its own; tests wait on what it saw with a deadline, never with sleeps.
 */
public class BusProbe implements AutoCloseable {

    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private final SimpleMessageListenerContainer container;

    public BusProbe(ConnectionFactory connectionFactory, BusTopology topology) {
        RabbitAdmin admin = new RabbitAdmin(connectionFactory);
        topology.exchanges().getDeclarables().forEach(d -> {
            if (d instanceof org.springframework.amqp.core.Exchange exchange) {
                admin.declareExchange(exchange);
            }
        });
        // a plain server-named-style queue: AnonymousQueue adds x-queue-leader-locator, refused by RabbitMQ before 3.12
        Queue queue = new Queue(topology.prefix() + ".probe." + java.util.UUID.randomUUID(), false, true, true);
        admin.declareQueue(queue);
        for (String exchange : List.of(topology.intakeExchange(), topology.eventsExchange())) {
            Binding binding = BindingBuilder.bind(queue).to(new TopicExchange(exchange)).with("#");
            admin.declareBinding(binding);
        }
        container = new SimpleMessageListenerContainer(connectionFactory);
        container.setQueueNames(queue.getName());
        container.setMessageListener(messages::add);
        container.start();
    }

    /** Every message so far, in arrival order. */
    public List<Message> messages() {
        return List.copyOf(messages);
    }

    /** Every readable event so far, in arrival order. */
    public List<Event<?>> events() {
        List<Event<?>> events = new ArrayList<>();
        for (Message message : messages) {
            try {
                events.add(EventCodec.fromMessage(message));
            } catch (UnreadableEventException ignored) {
                // submissions and foreign messages are not events
            }
        }
        return events;
    }

    public List<Event<?>> events(Predicate<Event<?>> filter) {
        return events().stream().filter(filter).toList();
    }

    /** Waits until an event matching the filter has been seen, and returns the first such event. */
    public Event<?> await(Predicate<Event<?>> filter, Duration timeout) {
        // not failing on uncaught exceptions of other threads: a stopping application's client library may throw some
        return Awaitility.await().dontCatchUncaughtExceptions().atMost(timeout).pollInterval(Duration.ofMillis(20))
                .until(() -> events(filter).stream().findFirst().orElse(null), e -> e != null);
    }

    public Event<?> await(Predicate<Event<?>> filter) {
        return await(filter, Duration.ofMinutes(2));
    }

    public static Predicate<Event<?>> ofType(EventType type, String environment) {
        return e -> e.type() == type && e.subject().equals(environment);
    }

    public static Predicate<Event<?>> ofType(EventType type, String environment, long generation) {
        return e -> e.type() == type && e.subject().equals(environment) && e.generation() == generation;
    }

    @Override
    public void close() {
        container.stop();
    }
}
