package io.envsaga.sandbox.progress;

import io.envsaga.contracts.bus.BusTopology;
import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventCodec;
import io.envsaga.contracts.events.UnreadableEventException;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Function;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;

/**
 * Prints the saga as it happens: every event on the bus's events exchange, one line each (see
 * {@link ProgressLines}), read through an exclusive queue of the sandbox's own. It only listens:
 * the orchestrator's audit history is the record.
 */
public final class ProgressPrinter implements AutoCloseable {

    private final PrintStream out;
    private final Function<Event<?>, List<String>> more;
    private final SimpleMessageListenerContainer container;
    private final List<Event<?>> seen = new CopyOnWriteArrayList<>();

    /** @param more lines printed after an event's own (e.g. where a Ready environment answers) */
    public ProgressPrinter(ConnectionFactory connectionFactory, BusTopology topology, PrintStream out, Function<Event<?>, List<String>> more) {
        this.out = out;
        this.more = more;
        RabbitAdmin admin = new RabbitAdmin(connectionFactory);
        TopicExchange events = new TopicExchange(topology.eventsExchange());
        admin.declareExchange(events);
        Queue queue = new Queue(topology.prefix() + ".sandbox-progress." + UUID.randomUUID(), false, true, true);
        admin.declareQueue(queue);
        admin.declareBinding(BindingBuilder.bind(queue).to(events).with("#"));
        container = new SimpleMessageListenerContainer(connectionFactory);
        container.setQueueNames(queue.getName());
        container.setMessageListener(this::onMessage);
        container.start();
    }

    private void onMessage(Message message) {
        try {
            Event<?> event = EventCodec.fromMessage(message);
            seen.add(event);
            ProgressLines.of(event).forEach(out::println);
            more.apply(event).forEach(out::println);
        } catch (UnreadableEventException ignored) {
            // not an event of the contract: nothing to show
        }
    }

    /** Every event seen so far, in arrival order. */
    public List<Event<?>> events() {
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        container.stop();
    }
}
